// Polls a running job's status and reloads the page when it finishes; the page works without it.
const status = document.getElementById("job-status");
const progress = document.getElementById("job-progress");

async function poll() {
  const response = await fetch(status.dataset.statusUrl, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const job = await response.json();
  status.textContent = job.status_label;
  progress.textContent = `${job.percent}% (${job.done} of ${job.total})`;
  if (job.finished) {
    window.location.reload();
  } else {
    window.setTimeout(poll, 1500);
  }
}

if (status && status.dataset.finished === "false") {
  window.setTimeout(poll, 1000);
}

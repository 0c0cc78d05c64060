"""Job kinds for the worker tests only, imported by the test worker (-I) and by the tests."""

import time

from qa_portal.jobs.registry import register


@register("test_slow", "Slow test job")
def slow(job, progress):
    """On its first run takes params["first_run_seconds"] (long enough to be killed), then finishes at once."""
    seconds = job.params["first_run_seconds"] if job.attempts == 1 else 0
    steps = max(1, int(seconds * 4))
    for step in range(steps):
        progress(step, steps)
        time.sleep(seconds / steps)
    progress(steps, steps)
    return {"attempt": job.attempts}

"""`make bench-load`: gunicorn with the production settings (bench.load_settings) on the data set `make bench` left
in the benchmark database, driven by a mixed workload (bench.workload): per 100 requests 85 reads of the measured
pages and the baseline page, 10 form posts that change data (and so the page cache) and 5 downloads, from 50
connections for 60 s. Prints p50/p95/p99 per kind and per page, the read p95 against the baseline page's p95
(target ≤ 5×) and each gunicorn worker's memory after the load; exits non-zero if any request failed.

    DATABASE_URL=postgres://... REDIS_URL=redis://... python -m bench.load [--seconds 60 --connections 50]
"""

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

from .run import RESULTS, ROOT, _bench_database_url

HOST, PORT = "127.0.0.1", 8100
TARGET_READ_RATIO = 5.0
# Per 100 requests: the reads (the baseline page takes what the measured pages leave of 85), writes and downloads.
READ_EACH, READS = 8, 85
WRITES = [("move a visit", 4), ("save an assessment", 3), ("save a note draft", 3)]
DOWNLOADS = [("register CSV", 2), ("agenda PDF", 1), ("note of visit PDF", 1), ("dashboard table CSV", 1)]
# What a TLS-terminating proxy in front of gunicorn adds: production redirects plain HTTP and checks the origin of
# every form post against https://<host>.
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}"}


def _environment(args):
    url, _parsed, _name = _bench_database_url(os.environ.get("DATABASE_URL", ""))
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        sys.exit("make bench-load needs REDIS_URL: production's cache and task broker are Redis. Nothing was run.")
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
    }


def _session(user):
    """Cookies of a signed-in session for `user`, made directly in the session store, with the second factor
    officers must give already given (as tests.base.sign_in does)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    from tests.base import second_factor_device

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = second_factor_device(user)
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.set_expiry(3600)
    session.create()
    return {settings.SESSION_COOKIE_NAME: session.session_key}


def _largest_authority():
    from django.db.models import Count

    from schools.models import Authority

    authority = Authority.objects.annotate(n=Count("schools")).order_by("-n").first()
    if authority is None or authority.n == 0:
        sys.exit("No benchmark data: run `make bench` first.")
    return authority


def _move_dates(visit, today):
    """Two school days in the visit's own term, today or later, to move it between (None if it has not two)."""
    from visits import calendar as cal

    authority = visit.school.authority
    terms = cal.terms_for(authority=authority, start_year=visit.academic_year)
    term = cal.term_containing(visit.planned_date, terms)
    if term is None:
        return None
    closures = cal.closure_reasons_for(authority)
    days, day = [], max(today + timedelta(days=1), term.starts_on)
    while day <= term.ends_on and len(days) < 2:
        if not cal.school_day_problem(day, terms=terms, closures=closures):
            days.append(day)
        day += timedelta(days=1)
    return days if len(days) == 2 else None


def _objects_for(school, today):
    """The school's objects one connection works on alone: an open visit to move (and two dates for it), a held
    visit's draft note, a draft assessment, and a visit with a circulated agenda and a published note to download.
    Made with the services when missing, so that a second run finds the first one's."""
    from classification import services as classification_services
    from classification.models import Assessment
    from visits import services as visit_services
    from visits.models import Agenda, Visit, VisitNote

    lead = school.qa_lead
    moving = None
    for visit in Visit.objects.filter(
        school=school, status__in=[Visit.Status.PLANNED, Visit.Status.CONFIRMED], planned_date__gt=today
    ).order_by("planned_date"):
        dates = _move_dates(visit, today)
        if dates:
            moving = (visit, dates)
            break
    noted = None
    for visit in Visit.objects.filter(school=school, status=Visit.Status.HELD, qa_lead=lead).order_by("-planned_date"):
        note = VisitNote.objects.filter(visit=visit).first()
        if note is None or note.status == VisitNote.Status.DRAFT:
            noted = visit_services.note_start(visit=visit, user=lead).visit
            break
    published = (
        VisitNote.objects.filter(visit__school=school, status=VisitNote.Status.PUBLISHED)
        .order_by("-visit__planned_date")
        .first()
    )
    agenda = (
        Agenda.objects.filter(visit__school=school, circulated_at__isnull=False)
        .order_by("-visit__planned_date")
        .first()
    )
    if None in (moving, noted, published, agenda):
        return None
    assessment = Assessment.objects.filter(school=school, status=Assessment.Status.DRAFT).first()
    if assessment is None:
        assessment = classification_services.assessment_start(school=school, user=lead)
    return {
        "moving": moving,
        "noted": noted,
        "assessment": assessment,
        "published_note_visit": published.visit_id,
        "agenda_visit": agenda.visit_id,
    }


def _plans(connections, seed):
    """One plan per connection, each on its own school of the largest authority, as that school's QA lead (and
    the authority's director, and a headteacher of the authority if the data set has one)."""
    from django.utils import timezone

    from qa_portal.accounts.models import RoleAssignment
    from qa_portal.accounts.roles import Role
    from qa_portal.links import url_prefix
    from schools.models import School

    from . import workload as w
    from .dataset import load as load_authority

    authority = _largest_authority()
    prefix = url_prefix(authority)
    today = timezone.localdate()
    item = load_authority(authority.code)
    severe = item.bands[-1].code if item.bands else ""
    head = RoleAssignment.objects.filter(authority=authority, role=Role.HEADTEACHER).select_related("user").first()
    director = item.director
    plans, chosen = [], []
    schools = School.objects.filter(authority=authority, qa_lead__isnull=False).select_related("qa_lead", "authority")
    for school in schools.order_by("pk"):
        if len(chosen) == connections:
            break
        objects = _objects_for(school, today)
        if objects is not None:
            chosen.append((school, objects))
    if len(chosen) < connections:
        sys.exit(f"Only {len(chosen)} schools of {authority} have the visits the load needs; use --connections.")
    for index, (school, objects) in enumerate(chosen):
        visit, dates = objects["moving"]
        sessions = {"lead": _session(school.qa_lead), "director": _session(director)}
        # bench.scenarios.pages_for's pages, each connection on its own school and visits.
        reads = [
            ("register: phase + band, page 1", "lead", f"/schools/?phase=primary&band={severe}"),
            ("register: phase, last page", "lead", "/schools/?phase=primary&page=9999"),
            ("school page", "lead", f"/schools/{school.urn}/"),
            ("QA lead home", "lead", "/home/qa-lead/"),
            ("director home", "director", "/home/director/"),
            ("visit plan", "lead", "/visits/plan/"),
            ("visit page", "lead", f"/visits/{visit.pk}/"),
            ("note of visit page", "lead", f"/visits/{objects['noted'].pk}/note/"),
            ("director dashboard", "director", "/dashboard/"),
        ]
        if head is not None:
            sessions["head"] = _session(head.user)
            reads.append(("headteacher home", "head", "/home/headteacher/"))
        deck = [w.Op("read", name, who, prefix + path) for name, who, path in reads for _ in range(READ_EACH)]
        deck += [w.Op("baseline", "baseline (base template only)", "director", "/bench/baseline/")] * (
            READS - READ_EACH * len(reads)
        )
        writes = {
            "move a visit": w.Op(
                "write", "move a visit", "lead", f"{prefix}/visits/{visit.pk}/move/", _move(visit, dates)
            ),
            "save an assessment": w.Op(
                "write",
                "save an assessment",
                "lead",
                f"{prefix}/classification/assessments/{objects['assessment'].pk}/",
                _text("internal_notes", f"Load run, connection {index}"),
            ),
            "save a note draft": w.Op(
                "write",
                "save a note draft",
                "lead",
                f"{prefix}/visits/{objects['noted'].pk}/note/",
                _text("going_well", f"Load run, connection {index}"),
            ),
        }
        downloads = {
            "register CSV": ("lead", "/schools/download.csv?phase=primary"),
            "agenda PDF": ("lead", f"/visits/{objects['agenda_visit']}/agenda.pdf"),
            "note of visit PDF": ("lead", f"/visits/{objects['published_note_visit']}/note.pdf"),
            "dashboard table CSV": ("director", "/dashboard/tables/schools-causing-concern.csv"),
        }
        deck += [writes[name] for name, times in WRITES for _ in range(times)]
        deck += [
            w.Op("download", name, downloads[name][0], prefix + downloads[name][1])
            for name, times in DOWNLOADS
            for _ in range(times)
        ]
        plans.append(w.Plan(sessions=sessions, deck=deck, seed=seed + index))
    return authority, plans


def _move(visit, dates):
    """Form values that move the visit to whichever of the two dates it is not on, each post in turn: every post
    is a real move (the same date again changes nothing)."""
    current = [visit.planned_date]

    def changes(_n):
        day = dates[1] if current[0] == dates[0] else dates[0]
        current[0] = day
        return {"planned_date_0": str(day.day), "planned_date_1": str(day.month), "planned_date_2": str(day.year)}

    return changes


def _text(name, text):
    def changes(n):
        return {name: f"{text}, save {n}."}

    return changes


def _workers(master_pid):
    """{pid: (VmRSS in MB, CPU seconds used so far)} of the gunicorn master's children (its workers)."""
    workers = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status, stat = (entry / "status").read_text(), (entry / "stat").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) == master_pid and "VmRSS" in fields:
            ticks = stat.rsplit(")", 1)[1].split()[11:13]  # utime and stime, after the command's name
            cpu = sum(int(t) for t in ticks) / os.sysconf("SC_CLK_TCK")
            workers[int(entry.name)] = (round(int(fields["VmRSS"].split()[0]) / 1024, 1), cpu)
    return workers


def _wait_until_up(server):
    request = urllib.request.Request(f"http://{HOST}:{PORT}/healthz/", headers=PROXY_HEADERS)
    for _ in range(120):
        if server.poll() is not None:
            sys.exit("gunicorn stopped before it answered: see its log above.")
        try:
            urllib.request.urlopen(request, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    sys.exit("gunicorn did not answer /healthz/ within 60 s.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (above 1: gthread workers)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    env = _environment(args)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from . import workload

    call_command("collectstatic", interactive=False, verbosity=0)
    authority, plans = _plans(args.connections, args.seed)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.wsgi:application",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--bind",
        f"{HOST}:{PORT}",
        "--timeout",
        str(workload.TIMEOUT_SECONDS),
        "--log-level",
        "warning",
    ]
    worker_class = "gthread" if args.threads > 1 else "sync"
    print(
        f"gunicorn: {args.workers} {worker_class} workers × {args.threads} thread(s) on {HOST}:{PORT}, settings "
        f"bench.load_settings (production: DEBUG off, cached templates, Redis cache and broker, ATOMIC_REQUESTS)\n"
        f"Load: {args.connections} connections for {args.seconds} s on {authority.name} "
        f"({authority.schools.count()} schools), each on its own school; per 100 requests {READS} reads, "
        f"{sum(t for _n, t in WRITES)} writes, {sum(t for _n, t in DOWNLOADS)} downloads",
        flush=True,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    log_path = RESULTS / f"load-{stamp}-gunicorn.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(gunicorn, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        _wait_until_up(server)
        cpu_before, workers_before = os.times(), _workers(server.pid)
        samples, elapsed, retries = workload.run(
            plans, host=HOST, port=PORT, seconds=args.seconds, headers={**PROXY_HEADERS, "Connection": "keep-alive"}
        )
        cpu = os.times()
        workers = _workers(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    driver_cpu = (cpu.user + cpu.system) - (cpu_before.user + cpu_before.system)
    server_cpu = sum(used - workers_before.get(pid, (0, 0))[1] for pid, (_rss, used) in workers.items())
    report = {
        "started": stamp,
        "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": worker_class},
        "connections": args.connections,
        "seconds": round(elapsed, 1),
        "authority": {"code": authority.code, "schools": authority.schools.count()},
        "requests": len(samples),
        "sent_again_on_a_new_connection": retries,
        "requests_per_second": round(len(samples) / elapsed, 1),
        "driver_cpu_percent": round(100 * driver_cpu / elapsed),
        "worker_cpu_ms_per_request": round(1000 * server_cpu / len(samples), 1) if samples else None,
        "kinds": workload.summarise(samples, lambda s: s.op.kind),
        "pages": workload.summarise(samples, lambda s: (s.op.kind, s.op.page)),
        "worker_rss_mb": {pid: rss for pid, (rss, _cpu) in workers.items()},
        "gunicorn_log": str(log_path.relative_to(ROOT)),
    }
    reads, baseline = report["kinds"].get("read", {}), report["kinds"].get("baseline", {})
    ratio = reads["p95_ms"] / baseline["p95_ms"] if reads.get("p95_ms") and baseline.get("p95_ms") else None
    report["read_p95_ratio"] = round(ratio, 2) if ratio is not None else None
    report["pages"] = {f"{kind}: {page}": row for (kind, page), row in sorted(report["pages"].items())}
    path = RESULTS / f"load-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    failed = _print(report)
    if failed:
        _print_log_errors(log_path)
    print(f"\nWritten to {path.relative_to(ROOT)}")
    sys.exit(1 if failed else 0)


def _print(report):
    print(
        f"\n{report['requests']} requests in {report['seconds']} s ({report['requests_per_second']}/s); "
        f"gunicorn workers' CPU {report['worker_cpu_ms_per_request']} ms a request; the driver used "
        f"{report['driver_cpu_percent']}% of a core; {report['sent_again_on_a_new_connection']} sent again on a new "
        "connection (the server had closed the kept-alive one)"
    )
    header = f"{'':<44} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'refused':>7} {'errors':>6}"
    print(header)
    print("-" * len(header))
    kinds = ("read", "baseline", "write", "download")
    for kind in kinds:
        if kind in report["kinds"]:
            _row(f"all {kind}s" if kind != "baseline" else "baseline", report["kinds"][kind])
    print("-" * len(header))
    for name, row in report["pages"].items():
        _row(name, row)
    failed = False
    problems = {}
    for row in report["kinds"].values():
        failed = failed or row["errors"] > 0 or row["refused"] > 0
        for detail, count in row["problems"].items():
            problems[detail] = problems.get(detail, 0) + count
    for name, row in report["pages"].items():
        for detail, count in row["problems"].items():
            print(f"  {name}: {count} × {detail}")
    ratio = report["read_p95_ratio"]
    met = "met" if ratio is not None and ratio <= TARGET_READ_RATIO else "MISSED"
    print(f"\nRead p95 / baseline p95: {ratio} (target ≤ {TARGET_READ_RATIO}: {met})")
    rss = report["worker_rss_mb"]
    print("RSS per gunicorn worker after the load: " + ", ".join(f"pid {pid} {mb} MB" for pid, mb in rss.items()))
    errors = sum(row["errors"] for row in report["kinds"].values())
    refused = sum(row["refused"] for row in report["kinds"].values())
    print(f"Errors: {errors} (5xx, 4xx, socket errors, timeouts); refused writes: {refused}")
    return failed


def _row(name, row):
    cells = [row["p50_ms"], row["p95_ms"], row["p99_ms"]]
    shown = " ".join(f"{'-' if c is None else c:>8}" for c in cells)
    print(f"{name:<44} {row['count']:>6} {shown} {row['refused']:>7} {row['errors']:>6}")


def _print_log_errors(log_path):
    """The server's tracebacks, for the failed requests."""
    text = log_path.read_text()
    if text.strip():
        print(f"\nFrom the gunicorn log ({log_path.name}), last 4000 characters:\n{text[-4000:]}")


if __name__ == "__main__":
    main()

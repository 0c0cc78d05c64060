"""`make bench-load`: gunicorn (2 workers) on 127.0.0.1 driven by wrk with 50 connections for 30 s per page, on
the data set `make bench` left in the benchmark database. Prints requests/s, latency percentiles and errors."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from .run import _bench_database_url

PORT = 8100


def _session_cookie():
    """A signed-in session for the director of the largest authority (made directly in the session store)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from qa_portal.accounts.models import RoleAssignment

    director = (
        RoleAssignment.objects.filter(role="director")
        .annotate(n=Count("authority__schools"))
        .order_by("-n")
        .select_related("user")
        .first()
    )
    if director is None:
        sys.exit("No benchmark data: run `make bench` first.")
    session = SessionStore()
    session[SESSION_KEY] = str(director.user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = director.user.get_session_auth_hash()
    session.set_expiry(3600)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _wrk(path, cookie):
    command = [
        "wrk",
        "-t2",
        "-c50",
        "-d30s",
        "--latency",
        "--timeout",
        "10s",
        "-H",
        f"Cookie: {cookie}",
        "-H",
        "Host: 127.0.0.1",
        f"http://127.0.0.1:{PORT}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = 0
    for pattern in (
        r"Non-2xx or 3xx responses: (\d+)",
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
    ):
        match = re.search(pattern, output)
        if match:
            errors += sum(int(n) for n in match.groups())
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.MULTILINE))
    return {"path": path, "requests_per_second": rps, "latency": latency, "errors": errors, "raw": output}


def main():
    url, _parsed, _name = _bench_database_url(os.environ.get("DATABASE_URL", ""))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CACHE_URL": os.environ.get("REDIS_URL", ""),
    }
    os.environ.update(env)
    import django

    django.setup()
    cookie = _session_cookie()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        results = [_wrk("/schools/?phase=primary", cookie), _wrk("/dashboard/", cookie)]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    failed = False
    print(f"\n{'page':<28} {'req/s':>8} {'p50':>9} {'p90':>9} {'p99':>9} {'errors':>7}")
    for r in results:
        lat = r["latency"]
        print(
            f"{r['path']:<28} {r['requests_per_second']:>8.1f} {lat.get('50', '-'):>9} {lat.get('90', '-'):>9} "
            f"{lat.get('99', '-'):>9} {r['errors']:>7}"
        )
        failed = failed or r["errors"] > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

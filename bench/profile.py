"""Profile cold requests on the data set `make bench` left: where the time of a page made afresh goes.

Usage: DATABASE_URL=postgres://... python -m bench.profile [--as director|qa_lead] [--repeat 20] URL [URL ...]
Each URL is asked for once to warm up, then `--repeat` times just after a change in every authority (as the
bench's cold column), under cProfile; prints the functions with the most time of their own and the most time
in all, and the SQL share."""

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

PROJECT_CODE = rf"^{Path(__file__).resolve().parent.parent}/(?!\.venv)"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--as", dest="who", default="qa_lead", choices=["qa_lead", "director", "admin"])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--lines", type=int, default=30)
    args = parser.parse_args(argv)

    from .run import _bench_database_url

    url, _parsed, _name = _bench_database_url(os.environ.get("DATABASE_URL", ""))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_CACHE_URL"] = os.environ.pop("REDIS_URL", "")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qa_portal.data_versions import authority_data_changed

    from . import dataset
    from .measure import client_for
    from .scenarios import SMALL_CODE

    national = dataset.load_all(SMALL_CODE + 1)
    largest = max(national, key=lambda item: len(item.school_ids))
    user = {"qa_lead": largest.qa_leads[0], "director": largest.director, "admin": largest.admin}[args.who]
    client = client_for(user)
    for page in args.urls:
        response = client.get(page)
        if response.status_code != 200:
            raise SystemExit(f"{page} answered {response.status_code}")
        profile = cProfile.Profile()
        sql = 0.0
        started = time.perf_counter()
        for _ in range(args.repeat):
            authority_data_changed(None)
            with CaptureQueriesContext(connection) as queries:
                profile.enable()
                client.get(page)
                profile.disable()
            sql += sum(float(query["time"]) for query in queries.captured_queries)
        elapsed = (time.perf_counter() - started) * 1000 / args.repeat
        per_request_sql = sql * 1000 / args.repeat
        print(f"\n=== {page} as {args.who}: {elapsed:.1f} ms a request (with profiling), SQL {per_request_sql:.1f} ms")
        stats = pstats.Stats(profile)
        stats.sort_stats("tottime").print_stats(args.lines)
        # The project's own functions (not Django's or the libraries'), by time in all they call.
        stats.sort_stats("cumulative").print_stats(PROJECT_CODE, args.lines)


if __name__ == "__main__":
    main()

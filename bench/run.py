"""`make bench`: build a national-scale data set in its own PostgreSQL database and print how the product
performs there. Usage: DATABASE_URL=postgres://... python -m bench.run [--schools 22000 --authorities 153]."""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def _bench_database_url(url):
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit(
            "make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
            "(SQLite cannot show national-scale behaviour). Nothing was run."
        )
    name = (parsed.path.lstrip("/") or "qa_portal") + "_bench"
    return urlunparse(parsed._replace(path="/" + name)), parsed, name


def _admin_connection(parsed):
    import psycopg2

    return psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )


def _database_exists(parsed, name):
    admin = _admin_connection(parsed)
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = cursor.fetchone() is not None
    admin.close()
    return found


def _recreate_database(parsed, name):
    admin = _admin_connection(parsed)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=22000)
    parser.add_argument("--authorities", type=int, default=153)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on the data set the last run left (no regeneration)"
    )
    parser.add_argument(
        "--parts",
        default="pages,regional,plan,gias",
        help="what to measure, comma-separated (default: pages,regional,plan,gias)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="measure everything with the page cache switched off (PAGE_CACHE_ENABLED = False): warm is cold then",
    )
    args = parser.parse_args(argv)

    url, parsed, name = _bench_database_url(os.environ.get("DATABASE_URL", ""))
    if not (args.reuse and _database_exists(parsed, name)):
        args.reuse = False
        _recreate_database(parsed, name)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    # Tasks run in-process (eager); Redis, when given, is the cache as in production.
    os.environ["BENCH_CACHE_URL"] = os.environ.pop("REDIS_URL", "")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from . import scenarios

    report = scenarios.run(
        schools=args.schools,
        authorities=args.authorities,
        years=args.years,
        repeat=args.repeat,
        reuse=args.reuse,
        parts=args.parts.split(","),
        page_cache=not args.no_page_cache,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / time.strftime("bench-%Y%m%d-%H%M%S.json")
    path.write_text(json.dumps(report, indent=2, default=str))
    scenarios.print_report(report)
    print(f"\nWritten to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

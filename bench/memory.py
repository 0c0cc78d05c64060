"""`python -m bench.memory`: the peak memory (resident set) of a national GIAS import and of `plan_visits` for a
whole year, on the data set `python -m bench.run` left in the bench database.

Each measurement runs in a fresh Python process, so that its peak is its own: the process reports its high-water
mark (VmHWM, reset when the process starts) and what it held after django.setup(). A process that only sets
Django up gives the baseline.
Usage: DATABASE_URL=postgres://... python -m bench.memory [--rows 50000].
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

PLAN_YEAR = 2027
PLAN_TODAY = date(2027, 8, 1)
FILLER_LA_CODE = "999"


def _status_kb(field):
    """A line of /proc/self/status (VmRSS: now, VmHWM: the peak), in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def _child(task, args):
    """Run one measured task in this (fresh) process and print its memory as JSON."""
    import django

    django.setup()
    # What every task loads, so that the baseline holds the same code and "own" is the work alone.
    from django.core.management import call_command

    import schools.management.commands.import_gias  # noqa: F401
    from visits.planner import plan_visits

    after_setup = _status_kb("VmRSS")
    detail = {}
    if task == "gias":
        path, code = args
        out = io.StringIO()
        call_command("import_gias", path, la=code, stdout=out, stderr=io.StringIO())
        detail["summary"] = [line for line in out.getvalue().splitlines() if line.startswith("created ")][-1]
    elif task == "plan":
        totals = plan_visits(start_year=PLAN_YEAR, today=PLAN_TODAY)
        detail["summary"] = ", ".join(f"{key} {value}" for key, value in totals.items())
    print(json.dumps({"after_setup_kb": after_setup, "peak_kb": _status_kb("VmHWM"), **detail}))


def _run_child(task, *args):
    completed = subprocess.run(
        [sys.executable, "-m", "bench.memory", "--child", task, *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    if completed.returncode != 0:
        sys.exit(f"bench.memory: the {task} measurement failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _gias_file(path, rows):
    """A GIAS establishment file in the DfE layout, Windows-1252, of `rows` rows: every school of the largest
    authority (named differently from what the register holds, so that the first import updates each one),
    then schools of another authority. Returns (LA code, rows in scope)."""
    from django.db.models import Count

    from schools.models import Authority, School
    from tests.schools.gias_data import gias_csv, gias_row

    largest = (
        Authority.objects.filter(kind=Authority.Kind.LOCAL_AUTHORITY)
        .annotate(schools_count=Count("schools"))
        .order_by("-schools_count", "pk")
        .first()
    )
    code = largest.code
    schools = list(School.objects.filter(authority=largest).order_by("urn").values_list("urn", "name"))
    # Alternate between two names, so that the first import of each run always has changes to write.
    suffix = " (memory B)" if schools and schools[0][1].endswith(" (memory A)") else " (memory A)"
    place = {"Street": "1 Long Lane", "Town": "Demoton", "DistrictAdministrative (name)": "Demoton District"}
    in_scope = [
        gias_row(urn, name.removesuffix(" (memory A)").removesuffix(" (memory B)")[:100] + suffix, **place)
        | {"LA (code)": code, "LA (name)": largest.name}
        for urn, name in schools
    ]
    # Real GIAS files hold non-ASCII names (Windows-1252 ’ and é), which make decoded text 2 bytes a character.
    filler = [
        gias_row(900000 + n, f"St Mary’s Église School {n}", **place) | {"LA (code)": FILLER_LA_CODE}
        for n in range(max(0, rows - len(in_scope)))
    ]
    Path(path).write_bytes(gias_csv(in_scope + filler, encoding="cp1252"))
    return code, len(in_scope)


def _empty_plan_year():
    from visits.models import PlanChange, Visit

    PlanChange.objects.filter(academic_year=PLAN_YEAR).delete()
    Visit.objects.filter(academic_year=PLAN_YEAR).delete()


def _mb(kb):
    return round(kb / 1024, 1)


def measure(rows):
    from .run import _bench_database_url, _database_exists

    url, parsed, name = _bench_database_url(os.environ.get("DATABASE_URL", ""))
    if not _database_exists(parsed, name):
        sys.exit(f"bench.memory measures the data set of `python -m bench.run`: there is no database {name} yet.")
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_CACHE_URL"] = os.environ.pop("REDIS_URL", "")

    import django

    django.setup()
    report = {"baseline": _run_child("baseline")}
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "edubasealldata.csv")
        code, in_scope = _gias_file(path, rows)
        size_mb = round(Path(path).stat().st_size / 1024 / 1024, 1)
        report["gias_file"] = {"rows": max(rows, in_scope), "in_scope": in_scope, "mb": size_mb}
        report["gias_first"] = _run_child("gias", path, code)
        report["gias_unchanged"] = _run_child("gias", path, code)
    _empty_plan_year()
    report["plan"] = _run_child("plan")
    return report


def print_report(report):
    gias = report["gias_file"]
    baseline = report["baseline"]["peak_kb"]
    print(
        f"\nPeak memory (resident set, MB) of one process each. GIAS file: {gias['rows']:,} rows, "
        f"{gias['in_scope']} in scope, {gias['mb']} MB (Windows-1252)."
    )
    header = f"{'process':<44} {'peak':>7} {'after setup':>11} {'own':>7}  result"
    print(header)
    print("-" * len(header))
    labels = {
        "baseline": "baseline: django.setup() only",
        "gias_first": "import_gias, national file (first run)",
        "gias_unchanged": "import_gias, national file (unchanged)",
        "plan": f"plan_visits {PLAN_YEAR}/{(PLAN_YEAR + 1) % 100}, every authority",
    }
    for key, label in labels.items():
        row = report[key]
        own = row["peak_kb"] - baseline
        print(
            f"{label:<44} {_mb(row['peak_kb']):>7} {_mb(row['after_setup_kb']):>11} {_mb(own):>7}  "
            f"{row.get('summary', '')}"
        )
    print("own = peak − the baseline's peak: what the work itself needs.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50000, help="rows of the GIAS file (the real one has ~50,000)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], args.child[1:])
        return None
    report = measure(args.rows)
    print_report(report)
    return report


if __name__ == "__main__":
    main()

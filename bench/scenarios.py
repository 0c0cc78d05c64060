"""What `make bench` measures, and how it prints it."""

import statistics
import time
from contextlib import nullcontext
from datetime import date

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from qa_portal.data_versions import authority_data_changed
from schools.imports.base import decode, read_rows
from schools.imports.gias import import_gias
from tests.schools.gias_data import gias_csv, gias_row
from visits.models import Agenda, PlanChange, Visit, VisitNote
from visits.planner import plan_visits

from . import dataset
from .measure import client_for, query_count, time_page, timed

TARGET_PAGE_RATIO = 3.0  # cold and cache-off median, against the baseline's
TARGET_DASHBOARD_RATIO = 5.0
TARGET_PLAN_RATIO = 5.0
TARGET_REGIONAL_RATIO = 5.0  # the regional overview over every authority, cold (one authority just changed)
TARGET_IMPORT_RATIO = 2.0
PLAN_YEAR = 2027
SMALL_CODE = 600  # the 60-school authority with --years of history; the national ones follow it (601, 602…)
TWO_YEAR_CODE = SMALL_CODE - 1  # the same 60 schools with 2 years of history: below the national codes


def pages_for(item):
    """(name, user, url) of every measured page for one authority: each on its measured school (a maintained
    primary with its board, the same kind at every scale, so query counts compare like with like)."""
    from schools.models import School

    lead = item.qa_leads[0]
    severe = item.bands[-1].code
    school = School.objects.select_related("qa_lead").get(pk=item.school_id)
    note = _measured_note(item.school_id)
    school_lead = school.qa_lead or lead
    return [
        ("baseline (base template only)", item.director, "/bench/baseline/"),
        ("register: phase + band, page 1", lead, f"/schools/?phase=primary&band={severe}"),
        ("register: phase, last page", lead, "/schools/?phase=primary&page=9999"),
        ("school page (every year of history)", lead, f"/schools/{school.urn}/"),
        ("director dashboard", item.director, "/dashboard/"),
        ("director home", item.director, "/home/director/"),
        ("QA lead home", lead, "/home/qa-lead/"),
        ("headteacher home", item.headteacher, "/home/headteacher/"),
        ("governor home (chair)", item.governor, "/home/governor/"),
        ("authority admin home", item.admin, "/home/admin/"),
        ("visit plan", lead, "/visits/plan/"),
        ("visit page (a held meeting)", school_lead, f"/visits/{note.visit_id}/"),
        ("note of visit page", school_lead, f"/visits/{note.visit_id}/note/"),
    ]


def _measured_note(school_id):
    """The note of the school's latest held meeting, published if it has one, so the note page shows a note."""
    notes = VisitNote.objects.filter(visit__school_id=school_id, visit__status=Visit.Status.HELD)
    ordered = notes.order_by("-visit__planned_date")
    note = ordered.filter(status=VisitNote.Status.PUBLISHED).first() or ordered.first()
    if note is None:
        raise RuntimeError(f"school {school_id} has no note of a held visit: build the data set with --years 2 or more")
    return note


def target_for(name):
    if name.startswith("baseline"):
        return None
    return TARGET_DASHBOARD_RATIO if name == "director dashboard" else TARGET_PAGE_RATIO


def _analyze():
    """Planner statistics for the freshly loaded tables, as a running database has (autovacuum would make them
    later; until then PostgreSQL guesses one row per table and picks poor plans)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _changed():
    """Mark every authority's data as changed: the next request recalculates its page (a cold cache)."""
    authority_data_changed(None)


def _counts(pages):
    """Queries of each page when it has to be made afresh (just after a change), and when it comes from the cache."""
    return {
        name: (query_count(client_for(user), url, before=_changed), query_count(client_for(user), url))
        for name, user, url in pages
    }


def _years_of_history(item):
    """The academic years of assessments the data set was built with (--years of the run that made it)."""
    from classification.models import Assessment

    return Assessment.objects.filter(school_id=item.school_id).dates("assessed_on", "year").count()


def _off():
    return override_settings(PAGE_CACHE_ENABLED=False)


def run(
    *, schools, authorities, years, repeat, reuse=False, parts=("pages", "regional", "plan", "gias"), page_cache=True
):
    report = {
        "started": timezone.now().isoformat(),
        "schools": schools,
        "authorities": authorities,
        "years": years,
        "page_cache": "on" if page_cache else "off (--no-page-cache): warm and cold are made afresh too",
    }
    if reuse and dataset.load(SMALL_CODE) is not None:
        small, two_years = dataset.load(SMALL_CODE), dataset.load(TWO_YEAR_CODE)
        national = dataset.load_all(SMALL_CODE + 1)
        if two_years is None or any(item.headteacher is None for item in [small, two_years, *national]):
            raise SystemExit(
                "The data set was made by an older `make bench` (no 2-year authority, headteachers or governors): "
                "run without --reuse to build it again."
            )
        report["generation_seconds"] = "reused"
        report["years"] = _years_of_history(small)
        report["schools"] = sum(len(item.school_ids) for item in [small, *national])
        report["authorities"] = 1 + len(national)
    else:
        small = dataset.build(sizes=[60], years=years, first_code=SMALL_CODE, first_urn=300000)[0]
        two_years = dataset.build(sizes=[60], years=2, first_code=TWO_YEAR_CODE, first_urn=350000)[0]
        sizes = dataset.national_sizes(schools - 60, authorities - 1)
        generation_seconds, national = timed(
            dataset.build, sizes=sizes, years=years, first_code=SMALL_CODE + 1, first_urn=400000, seed=7
        )
        report["generation_seconds"] = round(generation_seconds, 1)
        print(f"Generated {schools} schools in {generation_seconds:.0f} s", flush=True)
        _analyze()
    report["rows"] = _row_counts()
    largest = max(national, key=lambda item: len(item.school_ids))
    report["largest_authority_schools"] = len(largest.school_ids)
    if "pages" in parts:
        with nullcontext() if page_cache else _off():
            report["pages"] = _pages(small, two_years, largest, repeat)
    if "regional" in parts:
        report["regional"] = _regional(small, two_years, repeat)
    if "plan" in parts:
        report["plan"] = _plan_visits_against_bulk_insert()
    if "gias" in parts:
        report["gias"] = _gias_import(largest, report["schools"])
    return report


def _pages(small, two_years, largest, repeat):
    small_counts = _counts(pages_for(small))
    two_year_counts = _counts(pages_for(two_years))
    pages = pages_for(largest)
    national_counts = _counts(pages)
    rows = []
    baseline = cold_baseline = off_baseline = None
    for name, user, url in pages:
        median, p95 = time_page(client_for(user), url, repeat=repeat)
        cold, cold_p95 = time_page(client_for(user), url, repeat=max(10, repeat // 2), before_each=_changed)
        # Cache off, and just after a change: nothing kept for the authority helps (the dashboard's own data
        # cache, which the setting does not switch, is missed too).
        with _off():
            off, off_p95 = time_page(client_for(user), url, repeat=max(10, repeat // 2), before_each=_changed)
        baseline = baseline or median
        cold_baseline = cold_baseline or cold
        off_baseline = off_baseline or off
        queries = (small_counts[name][0], two_year_counts[name][0], national_counts[name][0])
        target = target_for(name)
        row = {
            "page": name,
            "url": url,
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "ratio": round(median / baseline, 2),
            "cold_median_ms": round(cold, 1),
            "cold_p95_ms": round(cold_p95, 1),
            "cold_ratio": round(cold / cold_baseline, 2),
            "cache_off_median_ms": round(off, 1),
            "cache_off_p95_ms": round(off_p95, 1),
            "cache_off_ratio": round(off / off_baseline, 2),
            "queries_small": queries[0],
            "queries_two_years": queries[1],
            "queries_national": queries[2],
            "queries_cached": national_counts[name][1],
            "target_ratio": target,
        }
        row["met"] = None if target is None else _page_met(row, target)
        rows.append(row)
    return rows


def _page_met(row, target):
    equal = row["queries_small"] == row["queries_two_years"] == row["queries_national"]
    return equal and row["cold_ratio"] <= target and row["cache_off_ratio"] <= target


def _row_counts():
    from classification.models import Assessment, Classification
    from governance.models import Governor
    from schools.models import IndicatorValue, OfstedInspection, School

    models = [School, Assessment, Classification, Visit, Agenda, VisitNote, OfstedInspection, IndicatorValue, Governor]
    return {model.__name__: model.objects.count() for model in models}


REGIONAL_URL = "/home/regional/"


def _overseer(email, authorities):
    """A regional overseer of `authorities` (made once; a reused data set keeps them)."""
    from qa_portal.accounts.models import RoleAssignment, User
    from qa_portal.accounts.roles import Role

    user, _created = User.objects.get_or_create(email=email, defaults={"first_name": "Bench", "last_name": "Regional"})
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=Role.REGIONAL, authority=authority) for authority in authorities],
        ignore_conflicts=True,
    )
    return User.objects.get(pk=user.pk)


def _regional(small, two_years, repeat):
    """The regional overview of a person who oversees every authority, against the bare page's cold median.
    Cold: just after a change in one authority (the others' rows come from the cache, each kept until its own
    authority changes). All changed: just after a change in every authority, so every row is made afresh.
    Off: the page cache switched off, every row made afresh."""
    from schools.models import Authority

    everyone = _overseer("regional@bench.example", list(Authority.objects.filter(code__regex=r"^[0-9]+$")))
    pair = _overseer("regional-pair@bench.example", [small.authority, two_years.authority])

    def one_changed():
        authority_data_changed(small.authority.pk)

    baseline, _p95 = time_page(
        client_for(small.director), "/bench/baseline/", repeat=max(10, repeat // 2), before_each=_changed
    )
    warm, warm_p95 = time_page(client_for(everyone), REGIONAL_URL, repeat=repeat)
    cold, cold_p95 = time_page(client_for(everyone), REGIONAL_URL, repeat=max(10, repeat // 2), before_each=one_changed)
    every, every_p95 = time_page(client_for(everyone), REGIONAL_URL, repeat=10, before_each=_changed)
    with _off():
        off, _off_p95 = time_page(client_for(everyone), REGIONAL_URL, repeat=10, before_each=_changed)
    queries = {
        "two_authorities": query_count(client_for(pair), REGIONAL_URL, before=_changed),
        "every_authority": query_count(client_for(everyone), REGIONAL_URL, before=_changed),
        "one_changed": query_count(client_for(everyone), REGIONAL_URL, before=one_changed),
    }
    authorities = everyone.authority_ids_for("regional")
    return {
        "authorities": len(authorities),
        "baseline_cold_ms": round(baseline, 1),
        "warm_ms": round(warm, 1),
        "warm_p95_ms": round(warm_p95, 1),
        "cold_ms": round(cold, 1),
        "cold_p95_ms": round(cold_p95, 1),
        "cold_ratio": round(cold / baseline, 2),
        "all_changed_ms": round(every, 1),
        "all_changed_p95_ms": round(every_p95, 1),
        "all_changed_ratio": round(every / baseline, 2),
        "off_ms": round(off, 1),
        "off_ratio": round(off / baseline, 2),
        "queries": queries,
        "target_ratio": TARGET_REGIONAL_RATIO,
    }


def _print_regional(regional):
    print(
        f"\nRegional overview of one person over all {regional['authorities']} authorities ({REGIONAL_URL}), against "
        f"the bare page's cold median ({regional['baseline_cold_ms']} ms):\n"
        f"  warm {regional['warm_ms']} ms (p95 {regional['warm_p95_ms']}); "
        f"cold, one authority changed: {regional['cold_ms']} ms (p95 {regional['cold_p95_ms']}) = "
        f"{regional['cold_ratio']}× (target ≤ {TARGET_REGIONAL_RATIO:g}×: "
        f"{_met(regional['cold_ratio'], TARGET_REGIONAL_RATIO)});\n"
        f"  every authority changed: {regional['all_changed_ms']} ms (p95 {regional['all_changed_p95_ms']}) = "
        f"{regional['all_changed_ratio']}×; page cache off: {regional['off_ms']} ms = {regional['off_ratio']}×.\n"
        f"  Queries: over 2 authorities {regional['queries']['two_authorities']}, over every authority "
        f"{regional['queries']['every_authority']} (every row made afresh), one authority changed "
        f"{regional['queries']['one_changed']}."
    )


def _plan_visits_against_bulk_insert():
    # A reused data set still holds the last run's plan: start from the same state every time.
    PlanChange.objects.filter(academic_year=PLAN_YEAR).delete()
    Visit.objects.filter(academic_year=PLAN_YEAR).delete()
    plan_seconds, totals = timed(plan_visits, start_year=PLAN_YEAR, today=date(2027, 8, 1))
    added = totals["added"]
    sample = list(
        Visit.objects.filter(academic_year=PLAN_YEAR).values(
            "school_id", "term", "visit_type_id", "sequence", "planned_date", "qa_lead_id"
        )
    )
    with transaction.atomic():
        rows = [Visit(academic_year=PLAN_YEAR + 20, status="planned", **row) for row in sample]
        start = time.perf_counter()
        Visit.objects.bulk_create(rows, batch_size=dataset.BATCH)
        bulk_seconds = time.perf_counter() - start
        transaction.set_rollback(True)
    second_seconds, second = timed(plan_visits, start_year=PLAN_YEAR, today=date(2027, 8, 1))
    return {
        "visits_planned": added,
        "plan_seconds": round(plan_seconds, 2),
        "bulk_insert_seconds": round(bulk_seconds, 2),
        "ratio": round(plan_seconds / bulk_seconds, 1) if bulk_seconds else None,
        "second_run_added": second["added"],
        "second_run_seconds": round(second_seconds, 2),
    }


def _gias_import(largest, total_rows):
    from schools.models import School

    code = largest.authority.code
    rows = [
        gias_row(s.urn, f"{s.name} (GIAS)", **{"LA (code)": code, "LA (name)": largest.authority.name})
        for s in School.objects.filter(authority=largest.authority).only("urn", "name")
    ]
    filler = total_rows - len(rows)
    rows += [gias_row(900000 + i, f"Elsewhere School {i}", **{"LA (code)": "999"}) for i in range(filler)]
    data = gias_csv(rows)
    read_seconds = statistics.median(timed(_read_file, data)[0] for _ in range(3))
    first_seconds, first = timed(import_gias, data, la_code=code)
    # The unchanged re-run changes nothing, so it can be repeated: the median of three, like the reading.
    reruns = [timed(import_gias, data, la_code=code) for _ in range(3)]
    second_seconds = statistics.median(seconds for seconds, _result in reruns)
    second = reruns[-1][1]
    return {
        "rows_in_file": len(rows),
        "in_scope": len(rows) - filler,
        "read_seconds": round(read_seconds, 3),
        "first_run_seconds": round(first_seconds, 2),
        "first_run": _summary(first),
        "second_run_seconds": round(second_seconds, 2),
        "second_run": _summary(second),
        "ratio_unchanged_to_read": round(second_seconds / read_seconds, 1) if read_seconds else None,
    }


def _read_file(data):
    """The floor of an import: decode the bytes and parse every CSV row, doing nothing with them."""
    _header, rows = read_rows(decode(data)[0])
    return sum(1 for _ in rows)


def _summary(result):
    return result.summary()


def print_report(report):
    print(
        f"\nNational data set: {report['schools']} schools, {report['authorities']} authorities, "
        f"{report['years']} academic years; generated in {report['generation_seconds']} s"
    )
    print("Rows: " + ", ".join(f"{name} {count:,}" for name, count in report["rows"].items()))
    if "pages" in report:
        _print_pages(report)
    if "plan" in report:
        _print_plan(report["plan"])
    if "gias" in report:
        _print_gias(report["gias"])
    if "regional" in report:
        _print_regional(report["regional"])


def _print_pages(report):
    print(f"Pages measured for the largest authority ({report['largest_authority_schools']} schools).")
    print(
        f"Page cache: {report['page_cache']}.\n"
        + (
            "Warm: after warm-up, content from the cache. Cold: just after a change, so the page is made afresh.\n"
            if report["page_cache"] == "on"
            else "Warm: after warm-up (only the dashboard's own data cache helps). Cold: just after a change.\n"
        )
        + "Off: the page cache switched off (PAGE_CACHE_ENABLED = False) and just after a change.\n"
        "Queries are those of a cold request: small = an authority of 60 schools with "
        f"{report['years']} years of history, 2 years = the same with 2, national = the largest authority; "
        "and of a warm one.\n"
        f"Target: cold and off ≤ {TARGET_PAGE_RATIO:g}× the baseline (the dashboard {TARGET_DASHBOARD_RATIO:g}×), "
        "and the same queries at every size and length of history.\n"
    )
    header = (
        f"{'page':<37} {'warm ms':>7} {'p95 ms':>7} {'×':>5} {'cold ms':>7} {'cold ×':>6} {'off ms':>7} "
        f"{'off ×':>6} {'q small':>7} {'q 2 years':>9} {'q national':>10} {'q warm':>6}  target"
    )
    print(header)
    print("-" * (len(header) + 10))
    for row in report["pages"]:
        target = "—" if row["target_ratio"] is None else f"{row['target_ratio']:g}× {'met' if row['met'] else 'MISSED'}"
        print(
            f"{row['page']:<37} {row['median_ms']:>7} {row['p95_ms']:>7} {row['ratio']:>5} "
            f"{row['cold_median_ms']:>7} {row['cold_ratio']:>6} {row['cache_off_median_ms']:>7} "
            f"{row['cache_off_ratio']:>6} {row['queries_small']:>7} {row['queries_two_years']:>9} "
            f"{row['queries_national']:>10} {row['queries_cached']:>6}  {target}"
        )


def _print_plan(plan):
    plan_met = _met(plan["ratio"], TARGET_PLAN_RATIO)
    print(
        f"\nplan_visits {PLAN_YEAR}/{(PLAN_YEAR + 1) % 100}: {plan['visits_planned']:,} visits in "
        f"{plan['plan_seconds']} s; raw bulk insert {plan['bulk_insert_seconds']} s; ratio {plan['ratio']} "
        f"(target ≤ {TARGET_PLAN_RATIO}: {plan_met}); "
        f"second run added {plan['second_run_added']} in {plan['second_run_seconds']} s"
    )


def _print_gias(gias):
    gias_met = _met(gias["ratio_unchanged_to_read"], TARGET_IMPORT_RATIO)
    print(
        f"GIAS import of {gias['rows_in_file']:,} rows ({gias['in_scope']} in scope): "
        f"reading {gias['read_seconds']} s; first run {gias['first_run_seconds']} s ({gias['first_run']}); "
        f"unchanged re-run {gias['second_run_seconds']} s ({gias['second_run']}); "
        f"ratio {gias['ratio_unchanged_to_read']} (target ≤ {TARGET_IMPORT_RATIO}: {gias_met})"
    )


def _met(ratio, target):
    return "met" if ratio is not None and ratio <= target else "MISSED"

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user):
    """A client signed in as `user`, with the second factor officers must give already given (tests.base)."""
    from tests.base import sign_in

    return sign_in(Client(), user)


def query_count(client, url, *, before=None):
    """Queries of one request at steady state: a first request may create lazily-made rows (e.g. the year's
    default term dates), which is set-up, not the page's cost. `before` runs just before the counted request."""
    client.get(url)
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def time_page(client, url, *, warmup=5, repeat=40, before_each=None):
    """Median and 95th percentile in milliseconds of rendering `url` in-process (`before_each` runs, untimed,
    before every timed request)."""
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
    samples = []
    for _ in range(repeat):
        if before_each:
            before_each()
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        reset_queries()
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result

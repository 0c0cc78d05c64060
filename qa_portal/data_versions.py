"""A version token per authority that changes whenever that authority's data changes, so that a cached summary
(the director's dashboard) can be keyed by it and is never served after a change.

Model saves and deletes in the product's apps bump the version on commit (see `dashboards.signals`); code that
writes in bulk (bulk_create, queryset.update) calls `authority_data_changed` itself.

With the cache down (it fails open, qa_portal.cache) pages are made from the database, and a bump that could not
be written waits in the outbox (qa_portal.jobs) and is written by its sweep once the cache is back, so no page
made before the outage is served after it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

from .cache import CacheUnavailable

ALL = "all"
# The outbox that keeps a bump the cache did not take: set by the jobs app when it loads (qa_portal.jobs.apps).
OUTBOX = {}


def _key(authority_id):
    return f"data-version:{authority_id}"


def _bump(authority_id):
    if cache.set(_key(authority_id), uuid.uuid4().hex, timeout=None) is False:
        OUTBOX["call"](target="qa_portal.data_versions.data_version_bump", kwargs={"authority_id": authority_id})


def data_version_bump(*, authority_id):
    """Write a new token for one authority (or ALL); raises CacheUnavailable when the cache did not take it, so that
    the outbox keeps the bump and tries again."""
    if cache.set(_key(authority_id), uuid.uuid4().hex, timeout=None) is False:
        raise CacheUnavailable(f"The cache did not take the data version of {authority_id}")


def authority_data_version(authority_id):
    """The current token for one authority's data, combined with the token for changes that span authorities."""
    return authority_data_versions([authority_id])


def authority_data_versions(authority_ids):
    """One token for the data of all these authorities (one cache round trip when nothing is missing)."""
    keys = [_key(authority_id) for authority_id in sorted(set(authority_ids))] + [_key(ALL)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            found[key] = uuid.uuid4().hex
            cache.add(key, found[key], timeout=None)
            found[key] = cache.get(key, found[key])
    return "-".join(found[key] for key in keys)


def each_authority_data_version(authority_ids):
    """{authority id: its own token} for many authorities at once (one cache round trip when nothing is missing), so
    that a summary of each can be kept until that authority's data changes."""
    ids = sorted(set(authority_ids))
    combined = authority_data_versions(ids).split("-")
    everything = combined[-1]
    return {authority_id: f"{own}-{everything}" for authority_id, own in zip(ids, combined[:-1], strict=True)}


def authority_data_changed(authority_id=None):
    """Mark one authority's data (or, with None, every authority's) as changed once the transaction commits."""
    target = ALL if authority_id is None else authority_id
    transaction.on_commit(lambda: _bump(target))

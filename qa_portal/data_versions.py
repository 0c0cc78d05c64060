"""A version token per authority that changes whenever that authority's data changes, so that a cached summary
(the director's dashboard) can be keyed by it and is never served after a change.

Model saves and deletes in the product's apps bump the version on commit (see `dashboards.signals`); code that
writes in bulk (bulk_create, queryset.update) calls `authority_data_changed` itself.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

ALL = "all"


def _key(authority_id):
    return f"data-version:{authority_id}"


def _bump(authority_id):
    cache.set(_key(authority_id), uuid.uuid4().hex, timeout=None)


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


def authority_data_changed(authority_id=None):
    """Mark one authority's data (or, with None, every authority's) as changed once the transaction commits."""
    target = ALL if authority_id is None else authority_id
    transaction.on_commit(lambda: _bump(target))

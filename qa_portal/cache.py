"""The cache backend the service runs with when there is Redis: Django's RedisCache that fails open.

With Redis down (refused, timed out, unreachable) every call answers as if the key were missing (get → the
default, add/set → False, get_many → {}), so pages are made from the database instead of failing. The failure is
logged once a minute per process, not on every call. After a failure the cache is not tried again for
RETRY_AFTER_SECONDS, so a page never waits on a dead Redis more than once (its socket timeouts are short, see
`cache_settings` in the settings).

`set` answers False when the value was not stored (Django's own answers None): code that must know, such as a
data-version bump (qa_portal.data_versions), checks `is False` and keeps the write for later.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60
RETRY_AFTER_SECONDS = 5

_last_logged = [float("-inf")]  # per process: the log says so once a minute, whichever instance failed


class CacheUnavailable(Exception):
    """The cache could not be reached, so a write that must happen did not."""


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = float("-inf")

    def _call(self, method, miss, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return miss
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNAVAILABLE as exc:
            now = time.monotonic()
            self._down_until = now + RETRY_AFTER_SECONDS
            if now - _last_logged[0] >= LOG_EVERY_SECONDS:
                _last_logged[0] = now
                logger.warning(
                    "The cache at %s is unavailable (%s); pages are made from the database",
                    ", ".join(self._servers),
                    exc,
                )
            return miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found")  # what Django says of a missing key
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

"""The cache backend: Redis whose failures cost only speed, never a request.

Every operation that meets a Redis error answers like a miss (get: None, set: False) and
the cache stays out of the way for a few seconds before trying again, so an outage costs
neither a 500 nor a timeout per request; it heals by itself when Redis answers again.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable

from flask_caching.backends.rediscache import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
# Each operation and what it answers while Redis is away: what a cache without the key answers.
MISSES: dict[str, Callable[[tuple], object]] = {
    "get": lambda keys: None,
    "get_many": lambda keys: [None] * len(keys),
    "set": lambda keys: False,
    "add": lambda keys: False,
    "set_many": lambda keys: [],
    "delete": lambda keys: False,
    "delete_many": lambda keys: [],
    "unlink": lambda keys: None,
    "has": lambda keys: False,
    "clear": lambda keys: False,
    "inc": lambda keys: None,
    "dec": lambda keys: None,
}


class ResilientRedisCache(RedisCache):
    """flask-caching's RedisCache; a failing Redis answers as a miss (see module docstring)."""

    retry_seconds = RETRY_SECONDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._down_until = 0.0
        self._lock = threading.Lock()

    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, error: RedisError) -> None:
        with self._lock:
            was_up = self.available()
            self._down_until = time.monotonic() + self.retry_seconds
        if was_up:
            log.warning("cache unavailable (%s: %s); serving misses", operation, error)

    def _recovered(self) -> None:
        if self._down_until:
            with self._lock:
                self._down_until = 0.0
            log.warning("cache available again")


def _resilient(name: str, miss: Callable[[tuple], object]):
    original = getattr(RedisCache, name)

    @functools.wraps(original)
    def call(self, *args, **kwargs):
        if not self.available():
            return miss(args)
        try:
            result = original(self, *args, **kwargs)
        except RedisError as error:
            self._failed(name, error)  # pylint: disable=protected-access
            return miss(args)
        self._recovered()  # pylint: disable=protected-access
        return result

    return call


for _name, _miss in MISSES.items():
    setattr(ResilientRedisCache, _name, _resilient(_name, _miss))

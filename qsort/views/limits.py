"""Attempt limits counted in the view, where a route decorator cannot count them exactly.

Two kinds, both per client address and kept in the rate limiter's store (memory in
``qsort serve``'s one process, Redis across workers and hosts via ``RATELIMIT_STORAGE_URI``):

- :func:`consume`: every attempt counts, and the count and the check are one atomic
  increment, so concurrent requests cannot slip past (successful joins).
- :func:`refuse_when_spent` + :func:`count_failure`: only failed attempts count (guessing a
  resume code through the form or through the ``qsort_resume`` cookie, on every endpoint).

An exhausted limit is a 429 with ``Retry-After``.
"""

import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from werkzeug.exceptions import TooManyRequests

from qsort.extensions import limiter


def _items(config_key: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[config_key])


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def _identifiers(scope: str) -> tuple[str, ...]:
    return (current_app.config.get("RATELIMIT_KEY_PREFIX") or "qsort", scope, get_remote_address())


def _refuse(items: list[RateLimitItem], scope: str) -> None:
    resets = [limiter.limiter.get_window_stats(i, *_identifiers(scope)).reset_time for i in items]
    raise TooManyRequests(retry_after=max(1, int(max(resets) - time.time())))


def consume(config_key: str, scope: str) -> None:
    """Count one attempt against the limits in ``config_key``; 429 when one is exceeded."""
    if not _enabled():
        return
    items = _items(config_key)
    allowed = [limiter.limiter.hit(item, *_identifiers(scope)) for item in items]
    if not all(allowed):
        _refuse(items, scope)


def refuse_when_spent(config_key: str, scope: str) -> None:
    """429 when this address has used up its failed attempts in ``scope``."""
    if not _enabled():
        return
    items = _items(config_key)
    if not all(limiter.limiter.test(item, *_identifiers(scope)) for item in items):
        _refuse(items, scope)


def count_failure(config_key: str, scope: str) -> None:
    if _enabled():
        for item in _items(config_key):
            limiter.limiter.hit(item, *_identifiers(scope))

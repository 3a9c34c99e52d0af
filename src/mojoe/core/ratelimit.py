"""Fixed-window counters in the cache: how many times a key was used this minute."""

from __future__ import annotations

import time

from django.core.cache import cache


def rate_limit_exceeded(key: str, *, limit: int, window_seconds: int = 60) -> int | None:
    """Count one use of `key`; the seconds to wait when it is over `limit` in this window, else None.

    A limit of 0 means no limit. Windows are aligned to the clock so that every process sharing the cache
    counts in the same bucket.
    """
    if limit <= 0:
        return None
    now = int(time.time())
    window = now // window_seconds
    bucket = f"ratelimit:{key}:{window}"
    # add() is atomic: only the first use in a window creates the counter.
    if cache.add(bucket, 1, timeout=window_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(bucket)
        except ValueError:  # expired between add() and incr()
            cache.add(bucket, 1, timeout=window_seconds + 5)
            count = 1
    if count > limit:
        return (window + 1) * window_seconds - now
    return None

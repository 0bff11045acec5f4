"""MUNICIPIUM_CACHE_URL: files under the var dir by default, local memory, or Redis with
Django's own backend; anything else stops the start with a message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from municipium.settings import _cache


def test_a_folder_is_a_file_cache_shared_by_the_workers() -> None:
    found = _cache("file:///srv/municipium/cache")
    assert found["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert found["LOCATION"] == "/srv/municipium/cache"


def test_local_memory_and_redis() -> None:
    assert _cache("locmem://")["BACKEND"].endswith("LocMemCache")
    redis = _cache("redis://127.0.0.1:6379/1")
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


@pytest.mark.parametrize("url", ["memcached://x", "file://relative/path", "", "redis"])
def test_anything_else_is_refused_with_a_message(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="MUNICIPIUM_CACHE_URL"):
        _cache(url)

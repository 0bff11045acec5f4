"""Writes of the API's `Idempotency-Key` records: claim a key before a write, keep its answer
after, replay it for a repeated request (see municipium/api_idempotency.py for the HTTP side
and docs/decisions/0016-api-idempotency-and-input-rules.md for the why)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from municipium.tenants.models import Organisation

from .models import IdempotencyKey

# How long a key and its answer are kept: a client retrying within this time gets the answer.
WINDOW = timedelta(hours=24)
# A key still without an answer after this long belongs to a request that died (gunicorn
# stops a request after 60 s): a retry may take it over.
ABANDONED_AFTER = timedelta(minutes=5)
# The answers kept are those of creations, a few hundred bytes; a larger one is not kept whole.
MAX_BODY_CHARS = 64 * 1024


class KeyReused(Exception):
    """The key was used for a different request (another body, path or method)."""


class KeyInProgress(Exception):
    """The first request with this key is still being answered."""


@dataclass(frozen=True)
class Replay:
    status: int
    content_type: str
    body: str


def idempotency_claim(
    *,
    organisation: Organisation,
    caller: str,
    key: str,
    fingerprint: str,
    now: datetime | None = None,
) -> IdempotencyKey | Replay:
    """Take the key for this request (a new, unanswered record), or give the first answer
    when the same request came before. KeyReused for another request with the same key,
    KeyInProgress while the first one is still running. One short write transaction: two
    requests with the same key cannot both take it (the unique constraint decides)."""
    now = now or timezone.now()
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    organisation=organisation,
                    caller=caller,
                    key=key,
                    fingerprint=fingerprint,
                    created_at=now,
                )
        except IntegrityError:
            pass
        existing = IdempotencyKey.objects.filter(
            organisation=organisation, caller=caller, key=key
        ).first()
        if existing is None:
            continue  # pruned in between: take it
        stale = existing.created_at < now - WINDOW or (
            existing.status is None and existing.created_at < now - ABANDONED_AFTER
        )
        if stale:
            IdempotencyKey.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
            continue
        if existing.fingerprint != fingerprint:
            raise KeyReused
        if existing.status is None:
            raise KeyInProgress
        return Replay(existing.status, existing.content_type, existing.body)
    raise KeyInProgress


def idempotency_finish(*, entry: IdempotencyKey, status: int, content_type: str, body: str) -> None:
    """Keep the first answer to the key's request."""
    if len(body) > MAX_BODY_CHARS:
        body = ""  # not kept whole; a replay answers with the status and no body
    IdempotencyKey.objects.filter(pk=entry.pk).update(
        status=status, content_type=content_type[:100], body=body
    )


def idempotency_release(*, entry: IdempotencyKey) -> None:
    """Give the key back (the request failed in a way worth retrying: a crash, a rate limit)."""
    IdempotencyKey.objects.filter(pk=entry.pk).delete()


def idempotency_prune(*, now: datetime | None = None) -> int:
    """Delete the keys older than the window; returns how many."""
    cutoff = (now or timezone.now()) - WINDOW
    deleted, _count = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted

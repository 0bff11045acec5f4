"""Writing to the audit journal. Every service that changes state calls `audit_record`."""

from __future__ import annotations

import functools
import ipaddress
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from .models import GENESIS_HASH, PLATFORM_CHAIN, AuditEntry, AuditHead, AuditVerification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from municipium.accounts.models import User
    from municipium.tenants.models import Organisation

logger = logging.getLogger(__name__)


def chain_for(organisation: Organisation | None) -> str:
    return organisation.slug if organisation is not None else PLATFORM_CHAIN


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, written exactly as the database will store it (the hash covers it).

    The one place that decides who the client is, for the journal and for every limit (see
    `client_key`). Without trusted proxies it is the connecting address (REMOTE_ADDR), whatever
    X-Forwarded-For says. Behind MUNICIPIUM_TRUSTED_PROXIES = N proxies of our own, each of
    which appends the address it saw, it is the N-th X-Forwarded-For hop from the end (the
    leftmost one when there are fewer): hops further left are the client's own claim. A hop
    that is no address (`garbage`, `unknown`) counts for nothing: the connecting address is
    used, so a made-up header never escapes a limit. None only without a request, or when
    even the connecting address is unreadable (a Unix socket without a proxy).
    """
    if request is None:
        return None
    connecting = _address(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return connecting
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded:
        _warn_unforwarded()
        return connecting
    # A header is at most a few kilobytes (the server's limit); only the last hops matter.
    hops = forwarded.rsplit(",", proxies)
    claimed = _address(hops[-proxies] if len(hops) > proxies else hops[0])
    return claimed or connecting


def client_key(request: HttpRequest | None) -> str:
    """The key that abuse limits count a client by: its address (`client_ip`), an IPv6
    address widened to its /64 network (one household or server gets a whole /64 and could
    otherwise take a fresh address per attempt). Never empty, so no request escapes a limit:
    a client with no readable address at all is counted as "unknown", together with all such."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def _address(value: str) -> str | None:
    value = value.strip()
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        return None
    return clean_ipv6_address(value) if parsed.version == 6 else str(parsed)


@functools.cache
def _warn_unforwarded() -> None:
    """Say once per process that a proxy does not set X-Forwarded-For: every client then
    shares the proxy's address, and one person can use up everyone's limits."""
    logger.warning(
        "MUNICIPIUM_TRUSTED_PROXIES is %s, but a request came without X-Forwarded-For: "
        "the proxy must set it (docs/deploy.md), or all clients share one address.",
        settings.TRUSTED_PROXIES,
    )


# Journal listeners: functions (entry, obj) called inside the transaction of every recorded
# change, after its entry is written. Apps subscribe in AppConfig.ready() (the search index
# marks the object for re-indexing; e-services queue the citizen's status e-mail on commit).
# A listener must only write follow-up rows or register on_commit work: it shares the caller's
# transaction, so an exception in it undoes the change.
JournalListener = Callable[[AuditEntry, "models.Model | None"], None]
JOURNAL_LISTENERS: list[JournalListener] = []


def journal_listen(listener: JournalListener) -> None:
    if listener not in JOURNAL_LISTENERS:
        JOURNAL_LISTENERS.append(listener)


class _Waiting:
    """An entry built inside a journal batch, waiting to be chained. It is also registered as
    an (empty) on-commit callback: Django drops the callbacks of a savepoint that is rolled
    back, so an entry still in the connection's list belongs to a change still standing."""

    def __init__(self, entry: AuditEntry) -> None:
        self.entry = entry

    def __call__(self) -> None:
        pass


_batch = threading.local()


@contextmanager
def journal_batch() -> Iterator[None]:
    """Inside a transaction: the entries recorded within are built at once (their content,
    time and listeners) but chained and written together when the block ends. The chain
    head, which every writer of the organisation waits for, is then locked only from that
    moment to the commit instead of from the first entry. Entries of a savepoint rolled back
    meanwhile are left out. Nested batches belong to the outermost one."""
    if not connection.in_atomic_block:
        raise RuntimeError("journal_batch() belongs inside a transaction")
    if getattr(_batch, "waiting", None) is not None:
        yield
        return
    _batch.waiting = []
    try:
        yield
        waiting: list[_Waiting] = _batch.waiting
    finally:
        _batch.waiting = None
    standing = [w for w in waiting if any(c[1] is w for c in connection.run_on_commit)]
    by_chain: dict[str, list[AuditEntry]] = {}
    for item in standing:
        by_chain.setdefault(item.entry.chain, []).append(item.entry)
    for chain in sorted(by_chain):  # one order for every writer: no deadlock between chains
        head = _locked_head(chain)
        seq, previous = head.seq, head.hash
        for entry in by_chain[chain]:
            seq += 1
            entry.seq, entry.prev_hash = seq, previous
            entry.hash = previous = entry.compute_hash()
        AuditEntry.objects.bulk_create(by_chain[chain])
        AuditHead.objects.filter(chain=chain).update(seq=seq, hash=previous)


def audit_record(
    *,
    organisation: Organisation | None,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry to the organisation's chain (or the platform's).

    Runs inside the caller's transaction, so the entry is committed with the change it
    records or not at all. The chain head row is locked for the rest of that transaction.
    """
    chain = chain_for(organisation)
    waiting: list[_Waiting] | None = getattr(_batch, "waiting", None)
    if waiting is not None and connection.in_atomic_block:
        entry = _entry(chain, organisation, actor, action, obj, changes, request)
        item = _Waiting(entry)
        waiting.append(item)
        transaction.on_commit(item)
        for listener in JOURNAL_LISTENERS:
            listener(entry, obj)
        return entry
    # Within the caller's transaction, no savepoint of its own: it fails with the caller.
    with transaction.atomic(savepoint=False):
        head = _locked_head(chain)
        entry = _entry(chain, organisation, actor, action, obj, changes, request)
        entry.seq, entry.prev_hash = head.seq + 1, head.hash
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditHead.objects.filter(chain=chain).update(seq=entry.seq, hash=entry.hash)
        for listener in JOURNAL_LISTENERS:
            listener(entry, obj)
    return entry


def _entry(
    chain: str,
    organisation: Organisation | None,
    actor: User | AnonymousUser | None,
    action: str,
    obj: models.Model | None,
    changes: dict[str, Any] | None,
    request: HttpRequest | None,
) -> AuditEntry:
    """An entry's content, not yet chained (seq, prev_hash and hash come with its place)."""
    return AuditEntry(
        chain=chain,
        organisation=organisation,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=(actor.email if actor is not None and actor.is_authenticated else ""),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        ip_address=client_ip(request),
    )


def _locked_head(chain: str) -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditHead.objects.create(chain=chain, seq=0, hash=GENESIS_HASH)
    except IntegrityError:
        pass  # another writer created it first; lock theirs
    return AuditHead.objects.select_for_update().get(chain=chain)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """What changed between two snapshots, as {field: [old, new]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"chain {self.chain}: entry #{self.seq}: {self.reason}"


def audit_verify(
    *, chain: str | None = None, record: bool = False
) -> tuple[int, list[ChainProblem]]:
    """Check every chain (or one). Returns the number of entries read and the first
    problem of each broken chain. With `record`, each chain's result is kept as its last
    verification (the journal page shows it)."""
    chains = [chain] if chain is not None else _all_chains()
    checked = 0
    problems: list[ChainProblem] = []
    for name in chains:
        count, problem = _verify_chain(name)
        checked += count
        if problem is not None:
            problems.append(problem)
        if record:
            AuditVerification.objects.update_or_create(
                chain=name,
                defaults={
                    "checked_at": timezone.now(),
                    "entries": count,
                    "problem": str(problem)[:300] if problem is not None else "",
                    "problem_seq": problem.seq if problem is not None else None,
                },
            )
    return checked, problems


def _all_chains() -> list[str]:
    names = set(AuditHead.objects.values_list("chain", flat=True))
    names |= set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    return sorted(names)


def _verify_chain(chain: str) -> tuple[int, ChainProblem | None]:
    expected_seq = 1
    prev_hash = GENESIS_HASH
    count = 0
    entries = AuditEntry.objects.filter(chain=chain).order_by("seq")
    for entry in entries.iterator(chunk_size=2000):
        count += 1
        if entry.seq != expected_seq:
            return count, ChainProblem(
                chain, expected_seq, f"missing (the next entry is #{entry.seq})"
            )
        if entry.prev_hash != prev_hash:
            return count, ChainProblem(chain, entry.seq, "does not follow the entry before it")
        if entry.compute_hash() != entry.hash:
            return count, ChainProblem(chain, entry.seq, "was altered after it was written")
        prev_hash = entry.hash
        expected_seq += 1
    head = AuditHead.objects.filter(chain=chain).first()
    last_seq = expected_seq - 1
    if head is not None and (head.seq != last_seq or head.hash != prev_hash):
        if head.seq > last_seq:
            return count, ChainProblem(chain, last_seq + 1, "missing (deleted from the end)")
        return count, ChainProblem(chain, head.seq, "the chain head does not match the entries")
    return count, None


M = TypeVar("M", bound=models.Model)


def audited_create(
    obj: M,
    *,
    organisation: Organisation | None,
    actor: Any,
    action: str,
    changes: dict[str, Any],
    request: HttpRequest | None = None,
) -> M:
    """Validate a new row, save it and journal its creation, in one transaction."""
    with transaction.atomic():
        obj.full_clean()
        obj.save()
        audit_record(
            organisation=organisation,
            actor=actor,
            action=action,
            obj=obj,
            changes=changes,
            request=request,
        )
    return obj

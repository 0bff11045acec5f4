"""The audit journal: an append-only, hash-chained record of every change.

There is one chain per organisation (its slug) and one for the platform itself. Each entry
carries the hash of the entry before it, so a changed or deleted entry breaks the chain, and
`municipium audit verify` finds the first bad one. `AuditHead` holds the last sequence number
and hash of each chain; writers lock it, which orders the entries of a chain.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PLATFORM_CHAIN = "_platform"
GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    pass


class AuditEntry(models.Model):
    chain = models.CharField(_("chain"), max_length=60)
    seq = models.PositiveBigIntegerField(_("number"))
    organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    at = models.DateTimeField(_("time"))
    # No database constraint: the journal must keep the id even when the account is deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("what changed"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_seq_unique_in_chain")
        ]
        indexes = [
            models.Index(fields=["organisation", "-seq"], name="audit_org_recent"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries are never deleted.")

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself, in a fixed form."""
        payload = {
            "chain": self.chain,
            "seq": self.seq,
            "organisation": self.organisation_id,
            "at": self.at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "ip_address": self.ip_address,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(
            payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
        ).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


class AuditHead(models.Model):
    chain = models.CharField(max_length=60, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"


class AuditVerification(models.Model):
    """The last check of one chain (`municipium audit verify`, nightly): shown on the journal
    page so its readers know whether the chain was found intact, and when."""

    chain = models.CharField(max_length=60, primary_key=True)
    checked_at = models.DateTimeField(_("checked at"))
    entries = models.PositiveBigIntegerField(_("entries checked"), default=0)
    # Empty when the chain was intact; else the first problem found, as `audit verify`
    # words it (English, for the logs), and the number of the first bad entry.
    problem = models.CharField(_("problem"), max_length=300, blank=True)
    problem_seq = models.PositiveBigIntegerField(_("first bad entry"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit chain verification")
        verbose_name_plural = _("audit chain verifications")

    def __str__(self) -> str:
        return f"{self.chain}: {'intact' if not self.problem else self.problem}"

    @property
    def intact(self) -> bool:
        return not self.problem

    @property
    def problem_text(self) -> str:
        """The problem in the reader's language."""
        reason = self.problem.rsplit(": ", 1)[-1]
        for start, phrase in _REASONS:
            if reason.startswith(start):
                return str(phrase) % {"seq": self.problem_seq}
        return self.problem


# The reasons `audit verify` gives (services._verify_chain), for readers of the journal page.
_REASONS = [
    ("missing (deleted from the end)", _("entry #%(seq)s was deleted from the end.")),
    ("missing", _("entry #%(seq)s is missing.")),
    ("does not follow", _("entry #%(seq)s does not follow the entry before it.")),
    ("was altered", _("entry #%(seq)s was altered after it was written.")),
    ("the chain head", _("the chain's last entry does not match its record (#%(seq)s).")),
]

"""Pure computations on the statute's data: notice, quorum, majorities, good standing.

No database access here: the callers pass the figures, so each rule is tested on its own.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .models import DecisionKind, Majority, PostponedQuorum

# ЗЮЛНЦ чл. 26–29 as DOMAIN.md reads them: marked "(verify)" there, so shipped as data only.
BG_DEFAULTS: dict[str, Any] = {
    "convened_by_board": True,
    "request_share_numerator": 1,
    "request_share_denominator": 3,
    "notice_months": 1,
    "notice_days": 0,
    "channels": "Register of non-profit legal entities; e-mail to every member",
    "quorum_numerator": 1,
    "quorum_denominator": 2,
    "quorum_strictly_more": True,
    "postponed_after_minutes": 60,
    "postponed_quorum": PostponedQuorum.ANY,
    "majority_ordinary": Majority.SIMPLE_PRESENT,
    "majority_statute": Majority.TWO_THIRDS_PRESENT,
    "majority_dissolution": Majority.TWO_THIRDS_PRESENT,
    "majority_membership": Majority.SIMPLE_PRESENT,
    "majority_election": Majority.SIMPLE_PRESENT,
    "proxies_allowed": True,
    "proxies_per_holder": 1,
    "vote_requires_good_standing": True,
}


def defaults_for(country: str) -> dict[str, Any]:
    """The statute's starting values: ЗЮЛНЦ for Bulgaria, nothing elsewhere (Polish
    associations' statutes decide everything themselves)."""
    return dict(BG_DEFAULTS) if country == "BG" else {}


def add_months(day: date, months: int) -> date:
    """The same day number `months` later, or that month's last day when it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Quorum:
    required: int  # voters needed
    present: int
    reached: bool


def quorum(
    *,
    voters: int,
    present: int,
    numerator: int,
    denominator: int,
    strictly_more: bool,
    postponed_rule: str = "",
    postponed: bool = False,
) -> Quorum:
    """Whether `present` of `voters` members with voting rights make the quorum. At a
    postponed sitting with the rule "any number", one present voter is enough."""
    if postponed and postponed_rule == PostponedQuorum.ANY:
        return Quorum(required=1, present=present, reached=present >= 1)
    share = Fraction(numerator, denominator) * voters
    required = int(share) + 1 if strictly_more or share != int(share) else int(share)
    return Quorum(required=required, present=present, reached=present >= required)


@dataclass(frozen=True)
class Result:
    adopted: bool
    needed: int  # the yes votes the rule needed


class CountError(ValueError):
    pass


def check_counts(*, yes: int, no: int, abstain: int, present: int) -> None:
    """Counts of a show of hands must be whole, not negative, and not exceed the present."""
    if min(yes, no, abstain) < 0:
        raise CountError("negative")
    if yes + no + abstain > present:
        raise CountError("more than present")


def majority_result(
    *, rule: str, yes: int, no: int, abstain: int, present: int, voters: int
) -> Result:
    """Adopted or rejected by the rule — computed, never typed in."""
    check_counts(yes=yes, no=no, abstain=abstain, present=present)
    if rule == Majority.SIMPLE_PRESENT:
        needed = present // 2 + 1
    elif rule == Majority.SIMPLE_VOTES:
        needed = no + 1
    elif rule == Majority.TWO_THIRDS_PRESENT:
        needed = -(-2 * present // 3)  # ceiling of 2/3
        needed = max(needed, 1)
    elif rule == Majority.ABSOLUTE_MEMBERS:
        needed = voters // 2 + 1
    else:
        raise ValueError(f"unknown majority rule {rule!r}")
    return Result(adopted=yes >= needed, needed=needed)


def decision_rule(statute: Any, kind: str) -> str:
    if kind not in DecisionKind.values:
        raise ValueError(f"unknown decision kind {kind!r}")
    rule: str = statute.majority_for(kind)
    return rule


def in_good_standing(
    *,
    day: date,
    member_start: date,
    fee: Decimal | None,
    paid: Decimal,
    grace_days: int,
) -> bool:
    """Paid the year's fee, or still within the grace period counted from the later of the
    year's first day and the member's start."""
    if fee is None or paid >= fee:
        return True
    grace_from = max(date(day.year, 1, 1), member_start)
    return day <= grace_from + timedelta(days=grace_days)

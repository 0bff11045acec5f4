"""Associations: the statute as data, members and their fees, bodies and their mandates.

The statute's rules (who convenes, notice, quorum, majorities, proxies, who votes) are rows,
never code: a Bulgarian association starts from the ЗЮЛНЦ defaults, a Polish one from nothing
(its own statute decides), and rules.py computes with whatever the row says.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

VERIFY = _("Bulgarian default (ЗЮЛНЦ) — to verify against the law and your statute.")


class Majority(models.TextChoices):
    SIMPLE_PRESENT = "simple_present", _("More than half of the voters present")
    SIMPLE_VOTES = "simple_votes", _("More votes for than against")
    TWO_THIRDS_PRESENT = "two_thirds_present", _("Two thirds of the voters present")
    ABSOLUTE_MEMBERS = "absolute_members", _("More than half of all members with voting rights")


class DecisionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary decision")
    STATUTE = "statute", _("Change of the statute")
    DISSOLUTION = "dissolution", _("Dissolution or transformation")
    MEMBERSHIP = "membership", _("Admission or expulsion of members")
    ELECTION = "election", _("Election or dismissal of a body")


class PostponedQuorum(models.TextChoices):
    ANY = "any", _("Valid with any number present")
    SAME = "same", _("The same quorum as the first sitting")
    NONE = "none", _("No postponed sitting")


class Statute(models.Model):
    """The association's rules for its general assembly, one row per organisation."""

    organisation = models.OneToOneField(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="statute"
    )
    convened_by_board = models.BooleanField(
        _("the board convenes the general assembly"), default=False
    )
    request_share_numerator = models.PositiveSmallIntegerField(
        _("share of members who may ask for an assembly (numerator)"), null=True, blank=True
    )
    request_share_denominator = models.PositiveSmallIntegerField(
        _("share of members who may ask for an assembly (denominator)"), null=True, blank=True
    )
    notice_months = models.PositiveSmallIntegerField(
        _("notice period (months)"), null=True, blank=True
    )
    notice_days = models.PositiveSmallIntegerField(_("notice period (days)"), null=True, blank=True)
    channels = models.TextField(_("channels of the invitation"), blank=True, max_length=2000)
    quorum_numerator = models.PositiveSmallIntegerField(
        _("quorum: share of members with voting rights (numerator)"), null=True, blank=True
    )
    quorum_denominator = models.PositiveSmallIntegerField(
        _("quorum: share of members with voting rights (denominator)"), null=True, blank=True
    )
    quorum_strictly_more = models.BooleanField(
        _("quorum needs strictly more than the share"), default=False
    )
    postponed_after_minutes = models.PositiveSmallIntegerField(
        _("postponed sitting after (minutes)"), null=True, blank=True
    )
    postponed_quorum = models.CharField(
        _("quorum of the postponed sitting"),
        max_length=10,
        choices=PostponedQuorum.choices,
        blank=True,
    )
    majority_ordinary = models.CharField(
        _("majority for ordinary decisions"), max_length=20, choices=Majority.choices, blank=True
    )
    majority_statute = models.CharField(
        _("majority for changes of the statute"),
        max_length=20,
        choices=Majority.choices,
        blank=True,
    )
    majority_dissolution = models.CharField(
        _("majority for dissolution"), max_length=20, choices=Majority.choices, blank=True
    )
    majority_membership = models.CharField(
        _("majority for admission and expulsion"),
        max_length=20,
        choices=Majority.choices,
        blank=True,
    )
    majority_election = models.CharField(
        _("majority for elections"), max_length=20, choices=Majority.choices, blank=True
    )
    proxies_allowed = models.BooleanField(_("proxies allowed"), default=False)
    proxies_per_holder = models.PositiveSmallIntegerField(
        _("proxies one holder may carry"), null=True, blank=True
    )
    vote_requires_good_standing = models.BooleanField(
        _("only members in good standing vote"), default=True
    )
    fee_grace_days = models.PositiveSmallIntegerField(
        _("grace period for the yearly fee (days)"), default=0
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")

    def __str__(self) -> str:
        return f"statute of {self.organisation_id}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        for name in ("request_share", "quorum"):
            num = getattr(self, f"{name}_numerator")
            den = getattr(self, f"{name}_denominator")
            if (num is None) != (den is None):
                errors[f"{name}_denominator"] = str(_("Give both parts of the share, or neither."))
            elif den is not None and (den == 0 or num == 0 or num > den):
                errors[f"{name}_denominator"] = str(
                    _("A share is a fraction between 0 and 1, such as 1/3 or 1/2.")
                )
        if self.proxies_allowed and not self.proxies_per_holder:
            errors["proxies_per_holder"] = str(
                _("Say how many proxies one member may carry (at least 1).")
            )
        if not self.proxies_allowed and self.proxies_per_holder:
            errors["proxies_per_holder"] = str(_("Proxies are not allowed: leave this empty."))
        if self.postponed_quorum in (PostponedQuorum.ANY, PostponedQuorum.SAME) and (
            not self.postponed_after_minutes
        ):
            errors["postponed_after_minutes"] = str(
                _("Say after how many minutes the postponed sitting opens.")
            )
        if (self.notice_months or 0) > 12 or (self.notice_days or 0) > 366:
            errors["notice_days"] = str(_("A notice period of more than a year is not credible."))
        if errors:
            raise ValidationError(errors)

    def majority_for(self, kind: str) -> str:
        return str(getattr(self, f"majority_{kind}", "") or "")

    @property
    def missing(self) -> list[str]:
        """The rules the statute must still state before an assembly can be convened."""
        needed = [
            "quorum_numerator",
            "quorum_denominator",
            "postponed_quorum",
            "majority_ordinary",
            "majority_statute",
            "majority_dissolution",
            "majority_membership",
            "majority_election",
        ]
        missing = [name for name in needed if getattr(self, name) in (None, "")]
        if self.notice_months is None and self.notice_days is None:
            missing.append("notice_days")
        return missing

    def notice_ends(self, sent_on: date) -> date:
        """The first day an assembly may sit when the invitation goes out on `sent_on`."""
        from .rules import add_months

        day = add_months(sent_on, self.notice_months or 0)
        return day + timedelta(days=self.notice_days or 0)


class MemberKind(models.TextChoices):
    PERSON = "person", pgettext_lazy("member kind", "Person")
    ORGANISATION = "organisation", _("Organisation")


class MemberCategory(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="member_categories"
    )
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("member category")
        verbose_name_plural = _("member categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="member_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class Fee(models.Model):
    """The yearly fee of a category."""

    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    category = models.ForeignKey(MemberCategory, on_delete=models.CASCADE, related_name="fees")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")
        ordering = ["-year", "category__name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="fee_category_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}"


PUBLIC_FIELDS = ("email", "phone", "town", "position")


class EndReason(models.TextChoices):
    LEFT = "left", _("Left the association")
    EXPELLED = "expelled", _("Expelled")


class Member(models.Model):
    """A membership: a person, or an organisation that votes through its delegate."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="association_members"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    member_organisation = models.ForeignKey(
        "tenants.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships_in_associations",
        verbose_name=_("member organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="association_memberships",
        verbose_name=_("account (the person, or the organisation's delegate)"),
    )
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    category = models.ForeignKey(
        MemberCategory, on_delete=models.PROTECT, related_name="members", verbose_name=_("category")
    )
    starts_on = models.DateField(_("member since"))
    ends_on = models.DateField(_("member until"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason of the end"), max_length=10, choices=EndReason.choices, blank=True
    )
    end_decision = models.CharField(_("decision"), max_length=300, blank=True)
    public_fields = models.JSONField(_("fields shown in the directory"), default=list, blank=True)
    is_listed = models.BooleanField(_("listed in the public directory"), default=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organisation", "ends_on"])]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


class ApplicationState(models.TextChoices):
    PENDING = "pending", _("Waiting for the board")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


class Application(models.Model):
    """An application to join, sent through the public form and decided by the board."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="member_applications"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MemberKind.choices)
    name = models.CharField(_("name"), max_length=200)
    delegate_name = models.CharField(_("delegate"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    town = models.CharField(_("town"), max_length=100, blank=True)
    motivation = models.TextField(_("why you wish to join"), max_length=4000, blank=True)
    category = models.ForeignKey(
        MemberCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ApplicationState.choices,
        default=ApplicationState.PENDING,
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(_("decision of the board"), max_length=300, blank=True)
    member = models.OneToOneField(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return self.name


class PaymentSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by staff")
    BANK = "bank", _("Bank statement import")


class Payment(models.Model):
    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="payments")
    year = models.PositiveSmallIntegerField(_("for the year"))
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    source = models.CharField(max_length=10, choices=PaymentSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} {self.amount}"


ZERO = Decimal("0")


class BodyKind(models.TextChoices):
    ASSEMBLY = "assembly", _("General assembly")
    BOARD = "board", _("Management board")
    CONTROL = "control", _("Control board or auditor")
    COMMITTEE = "committee", _("Committee")
    CHAIR = "chair", _("Chair")


class Body(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="association_bodies"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Mandate(models.Model):
    """A composition of a body for a term, with the decision that elected it."""

    organisation = models.ForeignKey("tenants.Organisation", on_delete=models.CASCADE)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="mandates")
    starts_on = models.DateField(_("start of the mandate"))
    ends_on = models.DateField(_("end of the mandate"))
    elected_by = models.CharField(_("electing decision"), max_length=300)
    alerted_90_at = models.DateTimeField(null=True, blank=True)
    alerted_30_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="mandate_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.starts_on}–{self.ends_on}"

    def is_valid_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class SeatRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    DEPUTY = "deputy", _("Deputy chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Seat(models.Model):
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="seats", verbose_name=_("member")
    )
    person_name = models.CharField(_("person"), max_length=200)
    role = models.CharField(_("role"), max_length=10, choices=SeatRole.choices)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["mandate", "id"]

    def __str__(self) -> str:
        return self.person_name


# --- general assemblies and board sessions ---------------------------------------------------


class Initiator(models.TextChoices):
    BOARD = "board", _("The management board")
    MEMBERS = "members", _("Members who asked for it")


class MeetingState(models.TextChoices):
    CONVENED = "convened", _("Convened")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")


class Meeting(models.Model):
    """A general assembly or a session of a body (the board): its voters are the members with
    voting rights, or the body's current composition."""

    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="association_meetings"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    initiator = models.CharField(
        _("convened on the initiative of"), max_length=10, choices=Initiator.choices
    )
    members_request = models.TextField(
        _("the members' request"),
        blank=True,
        max_length=4000,
        help_text=_("Who asked, when, and how many members signed."),
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online at"), blank=True)
    convened_at = models.DateTimeField(_("convened"), auto_now_add=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.CONVENED
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    postponed = models.BooleanField(_("postponed sitting"), default=False)
    voters = models.PositiveIntegerField(_("members with voting rights"), null=True, blank=True)
    present = models.PositiveIntegerField(_("voters present when it opened"), null=True, blank=True)
    quorum_required = models.PositiveIntegerField(_("quorum required"), null=True, blank=True)
    chair_name = models.CharField(_("chair of the meeting"), max_length=200, blank=True)
    minutes_taker = models.CharField(_("minute-taker"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_assembly(self) -> bool:
        return self.body.kind == BodyKind.ASSEMBLY


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("item"), max_length=500)
    decision_kind = models.CharField(
        _("kind of decision"), max_length=12, choices=DecisionKind.choices
    )
    materials = models.TextField(_("materials"), blank=True, max_length=4000)
    yes = models.PositiveIntegerField(_("for"), null=True, blank=True)
    no = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstained"), null=True, blank=True)
    present_at_vote = models.PositiveIntegerField(null=True, blank=True)
    rule = models.CharField(max_length=20, choices=Majority.choices, blank=True)
    needed = models.PositiveIntegerField(null=True, blank=True)
    adopted = models.BooleanField(_("adopted"), null=True, blank=True)
    voted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_item_position")
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """The proof that the invitation was sent to one member: when, where, the message id."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=300, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PROXY = "proxy", _("By proxy")
    ONLINE = "online", _("Online")


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("present"), max_length=10, choices=AttendanceMode.choices)
    proxy_holder = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proxy holder"),
    )
    proxy_document = models.CharField(_("proxy document"), max_length=300, blank=True)
    votes = models.BooleanField(_("has voting rights"))
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["member__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.member_id}"


# --- secret-ballot elections -----------------------------------------------------------------


class ElectionRule(models.TextChoices):
    PLURALITY = "plurality", _("Most votes win the seats")
    ABSOLUTE = "absolute", _("An absolute majority of the ballots, or a second round")


class ElectionState(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    OPEN = "open", _("Voting")
    CLOSED = "closed", _("Closed")


class Election(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="association_elections"
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="elections", verbose_name=_("body elected")
    )
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("seats"))
    rule = models.CharField(_("rule"), max_length=10, choices=ElectionRule.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=ElectionState.choices, default=ElectionState.PREPARING
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="next_round"
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="election_seats")
        ]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    accepted = models.BooleanField(_("accepted the nomination"), default=False)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once")
        ]

    def __str__(self) -> str:
        return self.name


class Voter(models.Model):
    """The voter list: who may vote and *that* they voted — no time, no ballot."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voters")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    has_voted = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="voter_once")]

    def __str__(self) -> str:
        return f"{self.election_id}:{self.member_id}"


class Ballot(models.Model):
    """One ballot: its random receipt code is its key (no sequence, no time, no voter), and
    the choices are the candidates' ids in ascending order."""

    receipt = models.CharField(primary_key=True, max_length=24)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots")
    choices = models.JSONField(default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["receipt"]

    def __str__(self) -> str:
        return self.receipt


# Exchange groups and the good-practice library live in their own module (issue 13).
from .practices import (  # noqa: E402, F401
    Adoption,
    Group,
    GroupMeeting,
    GroupMember,
    Outcome,
    Practice,
    PracticeReview,
    PracticeState,
)

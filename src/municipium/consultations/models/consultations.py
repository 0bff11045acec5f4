"""A consultation of a draft act, the draft's versions (articles and paragraphs with stable
identities, the anchors comments hold on to), and its documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 300
SUMMARY_MAX = 5_000
REASON_MAX = 2_000
HEADING_MAX = 500
PARAGRAPH_MAX = 20_000
NUMBER_MAX = 20
ARTICLES_MAX = 1_000
PARAGRAPHS_MAX = 200
DRAFT_MAX = 1_000_000  # characters of a whole draft's text
DOCUMENTS_MAX = 30


class ActKind(models.TextChoices):
    ORDINANCE = "ordinance", _("Ordinance")
    REGULATION = "regulation", _("Regulation")
    STRATEGY = "strategy", _("Strategy")
    PLAN = "plan", _("Plan or programme")
    BUDGET = "budget", _("Budget")
    RESOLUTION = "resolution", _("Resolution")
    OTHER = "other", _("Other act")


class State(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Published")
    CLOSED = "closed", _("Closed")
    ADOPTED = "adopted", _("Act adopted")


class DocumentKind(models.TextChoices):
    MOTIVES = "motives", _("Motives or report")
    IMPACT = "impact", _("Preliminary impact assessment")
    ANNEX = "annex", _("Annex")
    OTHER = "other", _("Other document")


class Consultation(models.Model):
    organisation = models.ForeignKey(
        "tenants.Organisation", on_delete=models.CASCADE, related_name="consultations"
    )
    rule_set = models.ForeignKey(
        "consultations.RuleSet", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    act_kind = models.CharField(_("kind of act"), max_length=20, choices=ActKind.choices)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    unit = models.ForeignKey(
        "tenants.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    opens_at = models.DateTimeField(_("comments open"))
    closes_at = models.DateTimeField(_("comments close"))
    shortened_reason = models.TextField(
        _("reasons for a shorter period"), max_length=REASON_MAX, blank=True
    )
    forms = models.JSONField(_("forms of the consultation"), default=list, blank=True)
    meetings = models.TextField(_("meetings: place and time"), max_length=SUMMARY_MAX, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("act adopted"), null=True, blank=True)
    adopted_note = models.CharField(_("the adopted act"), max_length=500, blank=True)
    # The report, frozen when it is published: the PDF, CSV and JSON are made from it.
    report = models.JSONField(null=True, blank=True)
    report_published_at = models.DateTimeField(_("report published"), null=True, blank=True)
    next_anchor = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "state", "-opens_at"], name="consultation_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "consultations:detail",
            kwargs={"org": self.organisation.slug, "consultation_id": self.pk},
        )

    @property
    def is_public(self) -> bool:
        return self.state != State.DRAFT

    def accepts_comments(self, now: object = None) -> bool:
        moment = now or timezone.now()
        return self.state == State.OPEN and self.opens_at <= moment < self.closes_at  # type: ignore[operator]

    @property
    def phase(self) -> str:
        """What the public sees: upcoming, open, closed, report published, act adopted."""
        if self.state == State.ADOPTED:
            return "adopted"
        if self.report_published_at:
            return "report"
        now = timezone.now()
        if self.state == State.OPEN and now < self.opens_at:
            return "upcoming"
        if self.state == State.OPEN and now < self.closes_at:
            return "open"
        return "closed"

    @property
    def period_days(self) -> float:
        return (self.closes_at - self.opens_at).total_seconds() / 86400


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    file = models.ForeignKey("tenants.PublicFile", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["consultation", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.kind}"


class Version(models.Model):
    """One version of the draft. Version 1 is edited until publication; later versions are
    imported while or after the consultation runs, and keep their articles' anchors."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("version of the draft")
        verbose_name_plural = _("versions of the draft")
        ordering = ["consultation", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="consultation_version"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class Article(models.Model):
    """An article ("Чл. 1.", "§ 1.", "Art. 1.") of one version. `anchor` is its identity across
    versions: comments point to the anchor, not to this row."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="articles")
    anchor = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=NUMBER_MAX, blank=True)
    label = models.CharField(_("label"), max_length=40, blank=True)  # "Чл. 5", "§ 2"
    heading = models.CharField(_("heading"), max_length=HEADING_MAX, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "anchor"], name="consultation_article"),
        ]

    def __str__(self) -> str:
        return self.label or str(_("Introduction"))

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs.all())


class Paragraph(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="paragraphs")
    anchor = models.PositiveIntegerField()
    position = models.PositiveIntegerField()
    text = models.TextField(_("text"), max_length=PARAGRAPH_MAX)

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["article", "position"]

    def __str__(self) -> str:
        return self.text[:60]

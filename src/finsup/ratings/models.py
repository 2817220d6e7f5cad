"""The yearly rating cycle: a cycle per year, kind and office; one rating per institution with its
scores per round (county, city); the history of steps; one appeal per rating."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager, ScopedQuerySet

from .choices import AppealDecision, CycleStatus, Level, RatingStep, Round, Stage


class CycleQuerySet(ScopedQuerySet):
    def for_user(self, user):
        """A cycle is run by the city; its counties see it too (they make the initial ratings).
        Staff see cycles of their office, of the offices above and below it; institutions none."""
        if user is None or not user.is_authenticated or not user.is_active or not user.office_id:
            return self.none()
        path = user.office.path
        ancestors = [path[: i + 1] for i, ch in enumerate(path) if ch == "/"]
        return self.filter(models.Q(office__path__startswith=path) | models.Q(office__path__in=ancestors))


class RatingCycle(models.Model):
    office = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="rating_cycles", verbose_name=_("office")
    )
    year = models.PositiveIntegerField(_("year rated"))
    kind = models.CharField(_("kind"), max_length=20)
    scheme_version = models.CharField(_("scheme version"), max_length=20)
    sample_size = models.PositiveIntegerField(_("sample size"))
    seed = models.BigIntegerField(_("sampling seed"))
    status = models.CharField(_("status"), max_length=10, choices=CycleStatus.choices, default=CycleStatus.INITIAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    sample_drawn_at = models.DateTimeField(_("sample drawn at"), null=True, blank=True)
    finalised_on = models.DateField(_("finalised on"), null=True, blank=True)
    # The province decides the final ratings the city submitted (issue 18): it publishes them once.
    published_on = models.DateField(_("final results published by the province on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(office="office", institution=None, institution_users=False)
    objects = models.Manager.from_queryset(CycleQuerySet)()

    class Meta:
        verbose_name = _("rating cycle")
        verbose_name_plural = _("rating cycles")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "kind"], name="ratings_cycle_one_per_year_kind"),
            models.CheckConstraint(condition=models.Q(year__gte=2000), name="ratings_cycle_year_sane"),
        ]

    def __str__(self) -> str:
        from finsup.institutions.choices import InstitutionKind

        return f"{self.year} {InstitutionKind(self.kind).label}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ratings:cycle_detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def scheme(self):
        from .schemes import scheme_get

        return scheme_get(self.kind, self.scheme_version)


class Rating(models.Model):
    cycle = models.ForeignKey(RatingCycle, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("cycle"))
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="ratings", verbose_name=_("institution")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.INITIAL)
    initial_total = models.DecimalField(_("county total"), max_digits=5, decimal_places=2)
    initial_level = models.CharField(_("county level"), max_length=3, choices=Level.choices)
    sampled = models.BooleanField(_("in the city sample"), default=False)
    city_total = models.DecimalField(_("city total"), max_digits=5, decimal_places=2, null=True, blank=True)
    city_level = models.CharField(_("city level"), max_length=3, choices=Level.choices, blank=True)
    difference_note = models.TextField(_("difference explained"), blank=True)
    final_level = models.CharField(_("final level"), max_length=3, choices=Level.choices, blank=True)
    final_total = models.DecimalField(_("final total"), max_digits=5, decimal_places=2, null=True, blank=True)
    final_on = models.DateField(_("final on"), null=True, blank=True)
    # The province's decision on the city's final level: confirmed (the same level) or adjusted,
    # with reasons; it becomes the final level when the province publishes the cycle's results.
    province_level = models.CharField(
        _("level decided by the province"), max_length=3, choices=Level.choices, blank=True
    )
    province_reason = models.TextField(_("reasons of the province"), blank=True)
    province_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province_decided_at = models.DateTimeField(_("decided by the province at"), null=True, blank=True)

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["institution__county__code", "institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "institution"], name="ratings_one_per_institution_and_cycle"),
            models.CheckConstraint(
                condition=models.Q(stage="final", final_on__isnull=False, final_level__gt="")
                | ~models.Q(stage="final"),
                name="ratings_final_has_level_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} · {self.institution}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ratings:rating_detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject


class RatingScore(models.Model):
    """One indicator's score in one round. Quantitative scores keep the measured value."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    round = models.CharField(_("round"), max_length=10, choices=Round.choices)
    indicator = models.CharField(_("indicator"), max_length=60)
    value = models.DecimalField(_("measured value"), max_digits=20, decimal_places=6, null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    reason = models.TextField(_("reason"), blank=True)

    scope = Scope(office="rating__institution__county", institution="rating__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "round", "indicator"], name="ratings_score_once_per_round"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="ratings_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.score}"


class RatingEvent(AppendOnly):
    """Append-only: each step of a rating, who took it and why."""

    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=RatingStep.choices)
    level = models.CharField(_("level"), max_length=3, choices=Level.choices, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("time"))
    reason = models.TextField(_("reason"), blank=True)

    scope = Scope(office="rating__institution__county", institution="rating__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating event")
        verbose_name_plural = _("rating events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.rating_id}: {self.step}"


class RatingAppeal(models.Model):
    """An institution appeals its final rating once (one row per rating, enforced by the database)."""

    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="appeal")
    reason = models.TextField(_("grounds of appeal"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(_("filed at"))
    decision = models.CharField(_("decision"), max_length=10, choices=AppealDecision.choices, blank=True)
    decided_level = models.CharField(_("level decided"), max_length=3, choices=Level.choices, blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope = Scope(office="rating__institution__county", institution="rating__institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating appeal")
        verbose_name_plural = _("rating appeals")

    def __str__(self) -> str:
        return f"{self.rating}"

    @property
    def audit_office_path(self) -> str:
        return self.rating.institution.county.path

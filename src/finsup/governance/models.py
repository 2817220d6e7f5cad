"""Governance and internal-control assessments (法人治理和内控评估, duty ㉗): one version per
submission for an institution and year, never overwritten (a new assessment of the same year is the
next version). The item scores are kept as scored, with the checklist's version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager


class Assessment(AppendOnly):
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    checklist_version = models.CharField(_("checklist version"), max_length=20)
    scores = models.JSONField(_("item scores"))  # {item key: {"score": "12.5", "note": "…"}}
    total = models.DecimalField(_("total score"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    summary = models.TextField(pgettext_lazy("assessment", "summary"), blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("governance assessment")
        verbose_name_plural = _("governance assessments")
        ordering = ["-year", "-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "year", "version"], name="governance_one_version"),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="governance_total_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("governance:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

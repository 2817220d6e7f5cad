"""A month of the financial operation analysis (item ①): the surveys that asked the resident
institutions for the month's figures, one per group of partners (indicators.GROUPS). The figures
themselves are the surveys' answers, versioned there; this app only reads them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.scoping import Scope, ScopedManager


class AnalysisMonth(models.Model):
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    # The first day of the month (services.month_open makes it so): no CHECK on the day, which SQLite
    # would evaluate through a function only Django's connection has (a restored copy checked with
    # plain sqlite3 would fail its integrity check).
    month = models.DateField(_("month"), help_text=_("The first day of the month the figures are for."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("month of the financial operation analysis")
        verbose_name_plural = _("months of the financial operation analysis")
        ordering = ["-month", "office__path"]
        constraints = [
            models.UniqueConstraint(fields=["office", "month"], name="analysis_month_once"),
        ]

    def __str__(self) -> str:
        return f"{self.month.year}年{self.month.month}月"

    def get_absolute_url(self) -> str:
        return reverse("analysis:month", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.office.path


class MonthSurvey(models.Model):
    month = models.ForeignKey(AnalysisMonth, on_delete=models.PROTECT, related_name="surveys")
    group = models.CharField(_("group"), max_length=20)
    survey = models.OneToOneField("surveys.Survey", on_delete=models.PROTECT, related_name="+")

    scope = Scope(office="month__office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "group"], name="analysis_month_group_once")]

    def __str__(self) -> str:
        return f"{self.month} · {self.group}"

    @property
    def audit_office_path(self) -> str:
        return self.month.office.path

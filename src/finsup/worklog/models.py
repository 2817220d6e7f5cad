"""The duty register (履职台账): for each item ①–㉗ of the responsibility list, the office's member
of staff who answers for it, the recurring tasks the office sets itself to keep it (a monthly
analysis, a quarterly liaison meeting …) and the work records that show it was kept.

An item is an id 1–27 of finsup.duties (the list is data, not a table). Every row belongs to an
office, which scopes it: a county office sees its own, the city its counties' too. Work records are
append-only: a correction is a later record. A task is never deleted; it is stopped (inactive) from
a day on, and its past periods keep their deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager

from .choices import Frequency, RecordKind


class DutyAssignment(models.Model):
    """Who in the office answers for an item: one member of staff per office and item."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    item = models.PositiveSmallIntegerField(_("item of the responsibility list"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible person")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("duty assignment")
        verbose_name_plural = _("duty assignments")
        ordering = ["item", "office__path"]
        constraints = [
            models.UniqueConstraint(fields=["office", "item"], name="worklog_one_assignment_per_item"),
            models.CheckConstraint(condition=models.Q(item__gte=1, item__lte=27), name="worklog_assignment_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.responsible}"

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"worklog:item:{self.item}"


class RecurringTask(models.Model):
    """A task the office sets itself under an item: recurring (each period due `due_days` days after
    it ends) or once by `due_on` (a meeting's follow-up, `origin` naming the meeting)."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    item = models.PositiveSmallIntegerField(_("item of the responsibility list"), db_index=True)
    title = models.CharField(_("task"), max_length=200)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    due_days = models.PositiveSmallIntegerField(_("days allowed after the period"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    starts_on = models.DateField(_("from"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible person")
    )
    active = models.BooleanField(_("active"), default=True)
    stopped_on = models.DateField(_("stopped on"), null=True, blank=True)
    origin = models.ForeignKey(
        "WorkRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("decided at"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("duty task")
        verbose_name_plural = _("duty tasks")
        ordering = ["item", "office__path", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(item__gte=1, item__lte=27), name="worklog_task_item"),
            models.CheckConstraint(
                condition=~models.Q(frequency="once") | models.Q(due_on__isnull=False), name="worklog_once_has_date"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("worklog:item", args=[self.item]) + f"?office={self.office.code}#task-{self.pk}"

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"worklog:item:{self.item}"


class WorkRecord(AppendOnly):
    """What shows a duty was kept: a task's period done, a meeting with its minutes, attendees and
    decisions (its follow-ups are tasks), an official document of the register, a record elsewhere
    in the platform ("app_label.model:pk", with the label it had), or work done."""

    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office"))
    item = models.PositiveSmallIntegerField(_("item of the responsibility list"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    task = models.ForeignKey(
        RecurringTask, on_delete=models.PROTECT, null=True, blank=True, related_name="records", verbose_name=_("task")
    )
    period_start = models.DateField(_("period"), null=True, blank=True)
    done_on = models.DateField(_("date"), db_index=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("record"), blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    document_id = models.BigIntegerField(_("official document"), null=True, blank=True)
    source = models.CharField(_("linked record"), max_length=80, blank=True)
    source_label = models.CharField(_("linked record"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="office", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("work record")
        verbose_name_plural = _("work records")
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(item__gte=1, item__lte=27), name="worklog_record_item"),
            models.UniqueConstraint(
                fields=["task", "period_start"],
                condition=models.Q(task__isnull=False),
                name="worklog_one_record_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_office_path(self) -> str:
        return self.office.path

    @property
    def audit_subject(self) -> str:
        return f"worklog:item:{self.item}"

"""The register of the financial institutions resident in Linyi and of the partner departments
(items ③④⑤⑪–⑭⑰–㉑), and the ledger of their major matters. The office licenses none of them: it
coordinates, serves and, for the city-owned ones, guides. A partner's own users answer the surveys
sent to it (finsup.surveys) and see nothing else."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from finsup.accounts.choices import OfficeLevel
from finsup.core.append_only import AppendOnly
from finsup.core.personal_data import EncryptedTextField
from finsup.core.scoping import Scope, ScopedManager

from .choices import MatterKind, PartnerKind


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices, db_index=True)
    head_office = models.CharField(_("head office or superior body"), max_length=100, blank=True)
    city_owned = models.BooleanField(_("city-owned"), default=False)
    county = models.ForeignKey(
        "accounts.Office", on_delete=models.PROTECT, related_name="partners", verbose_name=_("located in")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    scope = Scope(office="county", institution_users=False, partner="pk")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("resident institution or partner")
        verbose_name_plural = _("resident institutions and partners")
        ordering = ["kind", "county__code", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.pk])

    @property
    def audit_office_path(self) -> str:
        return self.county.path

    @property
    def place(self) -> str:
        """Where it is, as a list reads: its county, or "city level" for a branch of the whole city."""
        city_wide = self.county.level in (OfficeLevel.CITY, OfficeLevel.PROVINCE)
        return str(_("City level")) if city_wide else self.county.short_name


class MajorMatter(AppendOnly):
    """A major matter of a partner the office learned of, and what it did about it; never changed
    (a later development is a new entry)."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="matters")
    occurred_on = models.DateField(_("occurred on"))
    kind = models.CharField(_("kind of matter"), max_length=20, choices=MatterKind.choices)
    summary = models.TextField(_("what happened"))
    action = models.TextField(_("what the office did"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    scope = Scope(office="partner__county", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("major matter")
        verbose_name_plural = _("major matters")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.partner_id]) + f"#matter-{self.pk}"

    @property
    def audit_office_path(self) -> str:
        return self.partner.county.path

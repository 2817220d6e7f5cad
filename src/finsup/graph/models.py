"""The ownership and related-party graph: parties (institutions, enterprises, persons, addresses and
phones, each under its pseudonym) and the links the registry, the declared ownership above the
shareholders and the loan store give between them. Links are rewritten per institution and origin
when their source changes (build.py); what the graph finds on a day is a GraphFinding."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core import clock
from finsup.core.personal_data import EncryptedTextField, mask_id_number
from finsup.core.scoping import Scope, ScopedManager
from finsup.institutions.choices import HolderType

from .choices import FindingKind, LinkKind, LinkOrigin, PartyKind


class Party(models.Model):
    """One node. `key` is the party's pseudonym: for a person or an enterprise the loan store's key
    of its identifier (the lookup hash with the store's layers), so that a borrower in one company's
    loans is the shareholder of another; parties known by name only have a key of their name."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name or self.key[:8]


class Link(models.Model):
    """What one record says about two parties (src → dst), kept with the institution whose records
    say it (its scope) and the record itself (`source`, "app.model:pk")."""

    src = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="links_out")
    dst = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("relation"), max_length=20, choices=LinkKind.choices)
    stake = models.DecimalField(_("stake (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("outstanding (yuan)"), max_digits=20, decimal_places=2, null=True, blank=True)
    loans = models.PositiveIntegerField(_("loans"), default=0)
    undeclared_loans = models.PositiveIntegerField(_("loans not marked as related-party"), default=0)
    note = models.CharField(_("note"), max_length=100, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("institution")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=LinkOrigin.choices)
    source = models.CharField(_("record"), max_length=60, blank=True)

    # The supervisors' picture: an institution's users do not see it.
    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        indexes = [models.Index(fields=["institution", "origin"], name="graph_link_institution_origin")]

    def __str__(self) -> str:
        return f"{self.src} {self.get_kind_display()} {self.dst}"


class DeclaredHolding(models.Model):
    """An owner above a shareholder, as the institution declared its ownership up to the actual
    controller (股权穿透): enterprise `held` is held `stake`% by the holder. Holders of one enterprise
    with the same `concert_group` act in concert."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("declared by")
    )
    held_name = models.CharField(_("enterprise held"), max_length=100)
    held_credit_code = models.CharField(_("its unified social credit code"), max_length=18)
    holder_name = models.CharField(_("holder"), max_length=100)
    holder_type = models.CharField(_("holder type"), max_length=20, choices=HolderType.choices)
    holder_id_number = EncryptedTextField(_("resident ID number"), blank=True)
    holder_id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    holder_credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    stake = models.DecimalField(
        _("stake (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    concert_group = models.CharField(_("acting in concert with (group name)"), max_length=60, blank=True)
    declared_on = models.DateField(_("declared on"), default=clock.today)

    audit_masks = {"holder_id_number": mask_id_number}
    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("declared ownership")
        verbose_name_plural = _("declared ownership")
        ordering = ["held_name", "-stake"]
        constraints = [
            models.CheckConstraint(
                name="declared_holding_stake_range",
                condition=models.Q(stake__gte=0, stake__lte=100),
                violation_error_message=_("A stake is between 0% and 100%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder_name} → {self.held_name}"

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

    @property
    def audit_subject(self) -> str:
        return self.institution.audit_subject


class GraphFinding(models.Model):
    """What the graph found for one institution on one day: the value against the rule's limit
    and the path of links that makes the parties related, step by step."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("institution")
    )
    as_of = models.DateField(_("evaluation day"))
    kind = models.CharField(_("finding"), max_length=30, choices=FindingKind.choices)
    subject_key = models.CharField(max_length=80)
    subject = models.CharField(_("parties"), max_length=200)
    rule_id = models.CharField(_("rule"), max_length=60, blank=True)
    value = models.DecimalField(_("value"), max_digits=38, decimal_places=6, null=True)
    limit = models.DecimalField(_("limit"), max_digits=38, decimal_places=6, null=True)
    amount = models.DecimalField(_("outstanding (yuan)"), max_digits=20, decimal_places=2, null=True)
    paths = models.JSONField(_("evidence"), default=list)  # [[step text, ...], ...]
    warning = models.ForeignKey(
        "monitoring.RiskWarning", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("evaluated at"), default=clock.now)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    scope = Scope(office="institution__county", institution="institution", institution_users=False)
    objects = ScopedManager()

    class Meta:
        verbose_name = _("relation finding")
        verbose_name_plural = _("relation findings")
        ordering = ["institution", "-as_of", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "as_of", "kind", "subject_key"], name="graph_finding_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject}"

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path

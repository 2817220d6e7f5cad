from django.db import models
from django.utils.translation import gettext_lazy as _


class PartyKind(models.TextChoices):
    INSTITUTION = "institution", _("Supervised institution")
    ENTERPRISE = "enterprise", _("Enterprise")
    PERSON = "person", _("Natural person")
    STATE = "state", _("State-owned body")
    CONCERT = "concert", _("Parties acting in concert")
    ADDRESS = "address", _("Address")
    PHONE = "phone", _("Phone number")


class LinkKind(models.TextChoices):
    """What one record says about two parties. `HOLDS` carries a stake (percent), `LENDS` the
    outstanding balance (yuan) of the lender's live loans to the borrower."""

    HOLDS = "holds", _("holds shares in")
    CONCERT = "concert", _("acts in concert within")
    LEGAL_REPRESENTATIVE = "legal_rep", _("is the legal representative of")
    KEY_PERSON = "key_person", _("is a director, supervisor or executive of")
    DECLARED_RELATED = "declared", _("is declared a related party of")
    LENDS = "lends", _("lends to")
    BORROWER_GROUP = "borrower_group", _("is declared in one borrower group with")
    AT_ADDRESS = "address", _("is registered at")
    USES_PHONE = "phone", _("uses the phone number")


class LinkOrigin(models.TextChoices):
    """Which source wrote the link: a rebuild replaces the links of its origin only."""

    REGISTRY = "registry", _("Registry")
    DECLARED = "declared", _("Declared ownership")
    LOANS = "loans", _("Loan store")


class FindingKind(models.TextChoices):
    UNDECLARED_RELATED_LOAN = "undeclared_loan", _("Undeclared related-party lending")
    GROUP_CONCENTRATION = "group_concentration", _("Borrower group found by the graph above the limit")
    SHAREHOLDER_GROUP = "shareholder_group", _("Shareholders under one controller above the limit")


class ControlBasis(models.TextChoices):
    MAJORITY = "majority", _("holds more than half")
    LARGEST = "largest", _("largest holder with at least 30%")
    CONCERT = "concert", _("acting in concert")

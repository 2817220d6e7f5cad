from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    MICROLOAN = "microloan", _("Microloan company")
    GUARANTEE = "guarantee", _("Financing guarantee company")
    PRIVATE_CAPITAL = "private_capital", _("Private capital manager")
    LENDING_REGISTRY = "lending_registry", _("Private lending registration service")


class InstitutionStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    EXITING = "exiting", _("Exiting")
    REVOKED = "revoked", _("Revoked")


# A licence once revoked is final; an exit can still be reversed only by a new status decision.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    InstitutionStatus.PREPARING: {InstitutionStatus.OPERATING, InstitutionStatus.EXITING, InstitutionStatus.REVOKED},
    InstitutionStatus.OPERATING: {InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING, InstitutionStatus.REVOKED},
    InstitutionStatus.SUSPENDED: {InstitutionStatus.OPERATING, InstitutionStatus.EXITING, InstitutionStatus.REVOKED},
    InstitutionStatus.EXITING: {InstitutionStatus.OPERATING, InstitutionStatus.REVOKED},
    InstitutionStatus.REVOKED: set(),
}

# Statuses listed in the public directory of licensed institutions.
LICENSED_STATUSES = [InstitutionStatus.OPERATING, InstitutionStatus.SUSPENDED, InstitutionStatus.EXITING]


class HolderType(models.TextChoices):
    PERSON = "person", _("Natural person")
    ENTERPRISE = "enterprise", _("Enterprise")
    STATE = "state", _("State-owned body")


class GroupBasis(models.TextChoices):
    """Why shareholders of one institution count together as related parties."""

    CONTROL = "control", _("Under common control")
    FAMILY = "family", _("Close relatives")
    CONCERT = "concert", _("Acting in concert")
    OTHER = "other", _("Other related-party relation")


class Position(models.TextChoices):
    CHAIRMAN = "chairman", _("Chairman of the board")
    DIRECTOR = "director", _("Director")
    SUPERVISOR = "supervisor", _("Supervisor")
    GENERAL_MANAGER = "general_manager", _("General manager")
    DEPUTY_GM = "deputy_gm", _("Deputy general manager")
    CFO = "cfo", _("Chief financial officer")
    RISK_OFFICER = "risk_officer", _("Chief risk officer")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    FILED = "filed", _("Filed (no approval required)")


class Relation(models.TextChoices):
    SHAREHOLDER = "shareholder", _("Shareholder")
    CONTROLLER = "controller", _("Actual controller")
    CONTROLLED = "controlled", _("Enterprise controlled by a shareholder")
    KEY_PERSON = "key_person", _("Director, supervisor or executive")
    RELATIVE = "relative", _("Close relative of a key person")
    OTHER = "other", _("Other related party")


class DecisionItem(models.TextChoices):
    """What a licensing decision changed in the registry (institutions.DecisionChange)."""

    ESTABLISHMENT = "establishment", _("Institution entered in the registry")
    SHAREHOLDER = "shareholder", _("Shareholding")
    KEY_PERSON = "key_person", _("Director, supervisor or executive")
    CAPITAL = "capital", _("Capital")
    NAME = "name", _("Name")
    ADDRESS = "address", _("Address")
    BUSINESS_REGION = "business_region", _("Approved business region")
    CLOSURE = "closure", _("Institution closed")

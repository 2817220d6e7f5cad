from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial office")
    CITY = "city", _("City office")
    COUNTY = "county", _("County office")
    ZONE = "zone", _("Development zone office")


class Role(models.TextChoices):
    LEADER = "leader", _("Leader")
    LEAD_SUPERVISOR = "lead_supervisor", _("Lead supervisor")
    INSPECTOR = "inspector", _("Inspector")
    CLERK = "clerk", _("Clerk")
    AUDITOR = "auditor", _("Auditor (read-only)")
    INSTITUTION = "institution", _("Institution user")
    OVERSIGHT = "oversight", _("Oversight body")
    PARTNER = "partner", _("Resident institution or partner department user")


class OversightBody(models.TextChoices):
    """The bodies an accountability case may be transferred to (the source's 责任追究 chain); a user
    of the oversight role belongs to one of them and reads the cases of the office it is attached to."""

    DISCIPLINE = "discipline", _("Discipline inspection and supervision commission")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    LEGAL_AFFAIRS = "legal_affairs", _("Legal affairs office")
    POLICE = "police", _("Public security bureau")
    COURT = "court", _("People's court")


# Office staff; the oversight bodies' users are neither staff nor institution users.
STAFF_ROLES = [r for r in Role if r not in (Role.INSTITUTION, Role.OVERSIGHT, Role.PARTNER)]

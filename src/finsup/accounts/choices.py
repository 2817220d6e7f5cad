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


STAFF_ROLES = [r for r in Role if r != Role.INSTITUTION]

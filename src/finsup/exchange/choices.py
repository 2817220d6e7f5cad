from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportKind(models.TextChoices):
    CONSOLIDATED_FILINGS = "consolidated-filings", _("Consolidated filings")
    RATING_RESULTS = "rating-results", _("Rating results")
    OFFICE_REPORT = "office-report", _("Office report")


class ReceiptOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted by the province")
    REJECTED = "rejected", _("Rejected by the province")

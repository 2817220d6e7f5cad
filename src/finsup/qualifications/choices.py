"""The practitioner qualification's vocabularies: the kinds of step in a practitioner's history and
the states of a certificate (computed from the history and the day, never stored); the kinds of
self-regulatory organisation and of the office's guidance of one."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The kinds of institution whose staff the office qualifies (duty ㉕): private capital managers and
# private lending registration services (institutions.choices.InstitutionKind values).
QUALIFIED_KINDS = ("private_capital", "lending_registry")

# Years a certificate stays valid from its issue date.
VALID_YEARS = 3

# The prefix of a certificate number: 临金从字〔2026〕第7号.
NUMBER_PREFIX = "临金从字"


class StepKind(models.TextChoices):
    TRAINING = "training", _("Training")
    EXAM = "exam", _("Examination")
    CERTIFICATE = "certificate", _("Certificate issued")
    REVOCATION = "revocation", _("Certificate revoked")


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class AssociationKind(models.TextChoices):
    INDUSTRY_ASSOCIATION = "industry_association", _("Private lending industry association")
    OTHER = "other", _("Other self-regulatory organisation")


class GuidanceKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    DOCUMENT = "document", _("Guidance document")
    INSPECTION = "inspection", _("Inspection of the association")
    OTHER = "other", _("Other guidance")

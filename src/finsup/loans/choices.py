from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedChannel(models.TextChoices):
    UPLOAD = "upload", _("Uploaded in the platform")
    INBOX = "inbox", _("Inbox folder")
    API = "api", _("API push")


class BatchOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Imported")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Already imported")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedChannel(models.TextChoices):
    UPLOAD = "upload", _("Uploaded in the platform")
    INBOX = "inbox", _("Inbox folder")
    API = "api", _("API push")


class BatchOutcome(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("batch outcome", "Imported")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Already imported")

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CampaignKind(models.TextChoices):
    # 防范和处置非法集资宣传月: every May, one campaign per office and year.
    MAY_MONTH = "may_month", _("May anti-illegal-fundraising campaign month")
    OTHER = "other", _("Other outreach")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("campaign status", "Planned")
    COMPLETED = "completed", pgettext_lazy("campaign status", "Completed")


# A campaign is completed once, with its summary; its record is then closed.
CAMPAIGN_TRANSITIONS: dict[str, set[str]] = {
    CampaignStatus.PLANNED: {CampaignStatus.COMPLETED},
    CampaignStatus.COMPLETED: set(),
}


class Channel(models.TextChoices):
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    PRESS = "press", _("Newspapers and magazines")
    WEB = "web", _("Web and new media")
    COMMUNITY = "community", _("Community events")
    OTHER = "other", pgettext_lazy("outreach channel", "Other")


class MaterialKind(models.TextChoices):
    POSTER = "poster", _("Poster")
    LEAFLET = "leaflet", _("Leaflet")
    VIDEO = "video", _("Video stills or storyboard")
    ARTICLE = "article", _("Article")
    OTHER = "other", pgettext_lazy("material kind", "Other")

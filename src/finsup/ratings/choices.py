from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    I = "I", "Ⅰ"  # noqa: E741
    II = "II", "Ⅱ"
    III = "III", "Ⅲ"
    IV = "IV", "Ⅳ"
    V = "V", "Ⅴ"
    V1 = "V1", "Ⅴ(1)"
    V2 = "V2", "Ⅴ(2)"


class CycleStatus(models.TextChoices):
    INITIAL = "initial", _("County initial rating")
    REVIEW = "review", _("City review")
    FINAL = "final", _("Final")


ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    CycleStatus.INITIAL: {CycleStatus.REVIEW},
    CycleStatus.REVIEW: {CycleStatus.FINAL},
    CycleStatus.FINAL: set(),
}


class Stage(models.TextChoices):
    INITIAL = "initial", _("Initial rating by the county")
    REVIEWED = "reviewed", _("Re-rated by the city")
    FINAL = "final", _("Final")


# A rating moves with its cycle: the city re-rates a sampled one (and may revise its re-rating
# while the review is open), then the cycle's finalisation decides every rating.
STAGE_TRANSITIONS: dict[str, set[str]] = {
    Stage.INITIAL: {Stage.REVIEWED, Stage.FINAL},
    Stage.REVIEWED: {Stage.REVIEWED, Stage.FINAL},
    Stage.FINAL: set(),
}


class Round(models.TextChoices):
    INITIAL = "initial", _("County")
    CITY = "city", _("City")


class RatingStep(models.TextChoices):
    INITIAL = "initial", _("Initial rating")
    SAMPLED = "sampled", _("Drawn for the city sample")
    CITY = "city", _("City re-rating")
    FINAL = "final", _("Finalised")
    APPEAL = "appeal", _("Appeal filed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    PROVINCE_CONFIRMED = "province_confirmed", _("Confirmed by the province")
    PROVINCE_ADJUSTED = "province_adjusted", _("Adjusted by the province")
    PUBLISHED = "published", _("Final result published by the province")


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", _("Rating upheld")
    CHANGED = "changed", _("Rating changed")


# An appeal is open (no decision yet) until the city upholds or changes the rating, once.
APPEAL_TRANSITIONS: dict[str, set[str]] = {
    "": {AppealDecision.UPHELD, AppealDecision.CHANGED},
    AppealDecision.UPHELD: set(),
    AppealDecision.CHANGED: set(),
}


class Measure(models.TextChoices):
    """Measures a level proposes; the inspections app decides and creates them."""

    WARNING = "warning", _("Warning")
    RECTIFICATION_ORDER = "rectification_order", _("Rectification order with deadline")
    SUSPENSION = "suspension", _("Suspension of some business")
    EXIT_ADVICE = "exit_advice", _("Advice to exit")
    LOSS_OF_PILOT_STATUS = "loss_of_pilot_status", _("Loss of pilot status (through the province)")

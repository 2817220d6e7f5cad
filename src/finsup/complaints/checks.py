from django.conf import settings
from django.core.checks import Error, register


@register()
def deterministic_captcha_only_in_tests(app_configs, **kwargs):
    module = settings.SETTINGS_MODULE or ""
    if settings.FINSUP_CAPTCHA_DETERMINISTIC and not module.endswith(".test"):
        return [
            Error(
                "FINSUP_CAPTCHA_DETERMINISTIC is for the test settings only: it makes the portal captcha useless.",
                id="finsup_complaints.E001",
            )
        ]
    return []

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "finsup.accounts"
    verbose_name = _("Offices and people")

    def ready(self) -> None:
        from . import (
            auth_events,  # noqa: F401  (audits logins, logouts and failed logins)
            gate,  # noqa: F401  (the steps after the password: second factor, expired password)
        )

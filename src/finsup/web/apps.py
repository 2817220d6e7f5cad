from django.apps import AppConfig


class WebConfig(AppConfig):
    """Installed for its template filters (`finsup`, also a builtin); it has no models."""

    name = "finsup.web"
    label = "web"

from django.apps import AppConfig


class WebConfig(AppConfig):
    """Installed for its template filters (`finsup`, also a builtin) and the session refresh; it has no models."""

    name = "finsup.web"
    label = "web"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import SessionRefreshMiddleware

        # signing in counts as the session's first refresh (the middleware saves it once a minute)
        user_logged_in.connect(SessionRefreshMiddleware.signed_in, dispatch_uid="finsup.web.session_refresh")

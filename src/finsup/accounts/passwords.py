import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """A strong password mixes at least three of: lower case, upper case, digits, symbols."""

    def validate(self, password: str, user=None) -> None:
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _(
                    "The password must mix at least three of: lower-case letters, upper-case letters, "
                    "digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Mix at least three of: lower-case letters, upper-case letters, digits and symbols.")


class PasswordHistoryValidator:
    """A new password may not equal any of the user's last FINSUP_PASSWORD_HISTORY passwords (the
    current one included). Django calls `password_changed` after every save of a new password,
    whatever the path (the change form, a command, the demo), so the history misses none."""

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None or not settings.FINSUP_PASSWORD_HISTORY:
            return
        from .models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user=user)
            .order_by("-set_at", "-pk")
            .values_list("password", flat=True)[: settings.FINSUP_PASSWORD_HISTORY]
        )
        current = get_user_model().objects.filter(pk=user.pk).values_list("password", flat=True).first()
        if current and current not in hashes:
            hashes.append(current)  # a user from before the history was kept
        if any(check_password(password, h) for h in hashes if h):
            raise ValidationError(
                _("The new password may not be the same as any of your last %(n)d passwords.")
                % {"n": settings.FINSUP_PASSWORD_HISTORY},
                code="password_reused",
            )

    def password_changed(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now())

    def get_help_text(self) -> str:
        return _("It may not be one of your last %(n)d passwords.") % {"n": settings.FINSUP_PASSWORD_HISTORY}


def password_set_at(user) -> datetime.datetime:
    """When the current password was set: the newest history row, else when the account was made."""
    from .models import PasswordHistory

    latest = PasswordHistory.objects.filter(user=user).order_by("-set_at").values_list("set_at", flat=True).first()
    return latest or user.date_joined


def password_expired(user, *, now: datetime.datetime | None = None) -> bool:
    days = settings.FINSUP_PASSWORD_MAX_AGE_DAYS
    if not days or not user.has_usable_password():
        return False
    return (now or timezone.now()) - password_set_at(user) > datetime.timedelta(days=days)

"""Reads of accounts data, always from what the acting user may see."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import ApiToken


def api_token_list(*, actor) -> QuerySet[ApiToken]:
    return ApiToken.objects.for_user(actor).select_related("user").order_by("revoked_at", "-created_at")


def api_token_get(*, actor, pk: int) -> ApiToken:
    return ApiToken.objects.for_user(actor).get(pk=pk)


def _users_in_reach(actor):
    """Users of the actor's jurisdiction: the staff of its office and those below, and the users
    of the institutions those offices supervise."""
    from django.db.models import Q

    from .models import User

    if not actor.is_authenticated or not actor.office_id:
        return User.objects.none()
    path = actor.office.path
    return User.objects.filter(Q(office__path__startswith=path) | Q(institution__county__path__startswith=path))


def second_factor_overview(*, actor) -> list[dict]:
    from django.db.models import Count, Exists, OuterRef, Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    users = (
        _users_in_reach(actor)
        .filter(is_active=True)
        .select_related("office", "institution")
        .annotate(
            has_device=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            codes_left=Count("staticdevice__token_set", filter=Q(staticdevice__confirmed=True), distinct=True),
        )
        .order_by("office__path", "institution__name", "username")
    )
    return list(users)


def user_in_reach(*, actor, pk: int):
    return _users_in_reach(actor).get(pk=pk)


def office_list(*, actor):
    """The offices the actor may see, in the order of the tree."""
    from .models import Office

    return Office.objects.for_user(actor).order_by("path")


def users_by_pk(pks) -> dict:
    """The users of these primary keys, by key (a key of no user is left out); for naming the
    people records point to, such as an institution's lead supervisor."""
    from .models import User

    return User.objects.in_bulk(pks)


def office_staff(*, office, roles) -> QuerySet:
    """The active users of `office` holding one of `roles` (none when there is no office)."""
    from .models import User

    if office is None:
        return User.objects.none()
    return User.objects.filter(office=office, role__in=list(roles), is_active=True)

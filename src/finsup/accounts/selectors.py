"""Reads of accounts data, always from what the acting user may see."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .choices import OfficeLevel, Role
from .models import ApiToken, Office, User


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


# --- For other apps: offices and users read through these selectors, never the models -------------


def offices() -> QuerySet[Office]:
    """Every office (a system read: no actor), in no particular order."""
    return Office.objects.all()


def offices_supervising() -> QuerySet[Office]:
    """The offices that supervise institutions directly (the county and development-zone offices)."""
    return Office.objects.supervising()


def office_scope(*, actor) -> QuerySet[Office]:
    """The offices the actor may see (its jurisdiction)."""
    return Office.objects.for_user(actor)


def offices_by_code(codes) -> QuerySet[Office]:
    """The offices of these codes (a system read: no actor)."""
    return Office.objects.filter(code__in=list(codes))


def user_scope(*, actor) -> QuerySet[User]:
    """The users the actor may see."""
    return User.objects.for_user(actor)


def users_active(**filters) -> QuerySet[User]:
    """The active users, narrowed by ``filters`` (field lookups of a user; a system read: no actor)."""
    return User.objects.filter(is_active=True, **filters)


def city_office() -> Office:
    """The city office (a system read: no actor); Office.DoesNotExist before the office tree is set up."""
    return Office.objects.get(level=OfficeLevel.CITY)


def offices_within(office: Office) -> QuerySet[Office]:
    """The office and every office below it (a system read: the caller has checked the office is the
    user's to see)."""
    return Office.objects.filter(path__startswith=office.path)


def users_by_pk(pks) -> dict:
    """The users of these primary keys, by key (a key of no user is left out); for naming the
    people records point to, such as an institution's lead supervisor."""
    return User.objects.in_bulk(pks)


# --- Staff pickers: who may be chosen for a step, and how a picker names them -----------------------

STAFF_ROLES = frozenset({Role.LEADER, Role.LEAD_SUPERVISOR, Role.INSPECTOR, Role.CLERK})


def staff_pick(*, offices: Iterable[Office], roles: Iterable[str]) -> QuerySet[User]:
    """The active staff of these offices holding one of these roles, for a form's picker: never an
    institution's user, the auditor (read-only) or an oversight body, whatever `roles` says. By
    office (higher first), then name."""
    roles = set(roles) & STAFF_ROLES
    return (
        User.objects.filter(is_active=True, institution__isnull=True, office__in=list(offices), role__in=roles)
        .select_related("office")
        .order_by("office__path", "display_name", "username")
    )


def staff_label(user: User) -> str:
    """A member of staff as a picker shows them: name (office, role), e.g. 王芳（兰山区金融办，检查人员）."""
    office = user.office.short_name if user.office_id else ""
    return _("%(name)s (%(office)s, %(role)s)") % {"name": user, "office": office, "role": user.get_role_display()}

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from finsup.core import clock
from finsup.core.append_only import AppendOnly
from finsup.core.scoping import Scope, ScopedManager, ScopedQuerySet

from .choices import OfficeLevel, OversightBody, Role


class OfficeQuerySet(ScopedQuerySet):
    def supervising(self):
        """Offices that supervise institutions directly (counties and development zones)."""
        return self.filter(level__in=[OfficeLevel.COUNTY, OfficeLevel.ZONE])


class Office(models.Model):
    """A financial office in the tree province → city → county / development zone."""

    code = models.CharField(_("administrative code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30)
    level = models.CharField(_("level"), max_length=10, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent office"),
    )
    # Materialised path of codes ("370000/371300/371302/"): a subtree is a prefix match.
    path = models.CharField(max_length=255, unique=True, editable=False)
    supervision_phone = models.CharField(_("supervision phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    document_prefix = models.CharField(
        _("document prefix"),
        max_length=20,
        blank=True,
        help_text=_("Abbreviation used in document numbers, e.g. 临金办"),
    )

    scope = Scope(office="", institution_users=False)
    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent else "") + f"{self.code}/"
        super().save(*args, **kwargs)

    def contains(self, other: "Office") -> bool:
        return other.path.startswith(self.path)

    @property
    def full_name(self) -> str:
        """The name an official document's red header prints (发文机关全称): a county or zone office
        under a city with the city's name in front (临沂市兰山区金融工作办公室), unless its name
        already starts with it (临沂高新技术产业开发区金融工作办公室); any other office as named."""
        if self.level not in (OfficeLevel.COUNTY, OfficeLevel.ZONE) or self.parent is None:
            return self.name
        if self.parent.level != OfficeLevel.CITY:
            return self.name
        city = place_name(self.parent.name)
        if not city or self.name.startswith(city) or self.name.startswith(city.removesuffix("市")):
            return self.name
        return city + self.name


def place_name(office_name: str) -> str:
    """The place an office is named after, up to its first 市 (临沂市金融工作办公室 → 临沂市); "" if none."""
    end = office_name.find("市")
    return office_name[: end + 1] if end > 0 else ""


class StaffUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A person who logs in: office staff (with a role) or a user bound to one institution."""

    display_name = models.CharField(_("full name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="staff", verbose_name=_("office")
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("institution"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("resident institution or partner"),
    )
    work_phone = models.CharField(_("work phone"), max_length=30, blank=True)
    oversight_body = models.CharField(
        _("oversight body"),
        max_length=20,
        choices=OversightBody.choices,
        blank=True,
        help_text=_("Only for users of the oversight role: the body they work for."),
    )

    scope = Scope(office="office", institution_users=False)
    objects = StaffUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_staff_or_institution",
                condition=(
                    models.Q(role="institution", institution__isnull=False, office__isnull=True, partner__isnull=True)
                    | models.Q(role="partner", partner__isnull=False, office__isnull=True, institution__isnull=True)
                    | (
                        ~models.Q(role__in=["institution", "partner"])
                        & models.Q(institution__isnull=True, partner__isnull=True, office__isnull=False)
                    )
                    | models.Q(is_superuser=True, office__isnull=True, institution__isnull=True, partner__isnull=True)
                ),
            ),
            models.CheckConstraint(
                name="user_oversight_body_only_for_oversight",
                condition=(models.Q(role="oversight") & ~models.Q(oversight_body=""))
                | (~models.Q(role="oversight") & models.Q(oversight_body="")),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def audit_office_path(self) -> str:
        """Where the user's audit entries belong: their office, or their institution's county."""
        if self.office_id:
            return self.office.path
        if self.partner_id:
            return self.partner.county.path
        return self.institution.county.path if self.institution_id else ""

    @property
    def is_institution_user(self) -> bool:
        return self.role == Role.INSTITUTION

    @property
    def is_partner_user(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_oversight_user(self) -> bool:
        return self.role == Role.OVERSIGHT


class ApiToken(models.Model):
    """A credential for an institution's own system to call the API on its behalf."""

    institution = models.ForeignKey(
        "institutions.Institution", on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("institution")
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=clock.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    scope = Scope(office="institution__county", institution="institution")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} (fsk_{self.prefix}_…)"

    @property
    def audit_office_path(self) -> str:
        return self.institution.county.path


class PasswordHistory(AppendOnly):
    """The hash of every password a user has had, newest last: a new password may not repeat the
    last FINSUP_PASSWORD_HISTORY, and the newest row's time is the age of the current one."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="password_history", verbose_name=_("user"))
    password = models.CharField(_("password hash"), max_length=128)
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("password history entry")
        verbose_name_plural = _("password history")
        indexes = [models.Index(fields=["user", "-set_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.set_at:%Y-%m-%d %H:%M}"


class AuthFailure(models.Model):
    """One failed authentication (a wrong password or a wrong second-factor code), kept for the
    sliding windows of the login throttles (accounts/throttle.py) and pruned after a day."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("Wrong password")
        OTP = "otp", _("Wrong verification code")

    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    username = models.CharField(_("user name"), max_length=150)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("failed authentication")
        verbose_name_plural = _("failed authentications")
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.address or '-'} {self.at:%Y-%m-%d %H:%M:%S}"

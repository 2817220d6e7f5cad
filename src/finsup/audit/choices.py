from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    STATUS = "status", _("Status changed")
    IMPORT = "import", _("Imported")
    EXPORT = "export", _("Exported")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")
    REJECTED = "rejected", _("Rejected attempt")
    KEY_ROTATION = "key_rotation", _("Keys rotated")
    READ = "read", _("Read through a case")  # an oversight body opened a record a case it holds links


class AuditChannel(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    SYSTEM = "system", _("System")

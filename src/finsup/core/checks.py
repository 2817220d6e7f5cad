"""System checks: every model with a ScopedManager declares its Scope (default-deny by design); the
personal-data keys are present and fit the stored data."""

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection

from .key_check import check_stored_data, database_reachable
from .scoping import Scope, ScopedQuerySet


@checks.register()
def scoped_models_declare_scope(app_configs, **kwargs):
    errors = []
    for model in apps.get_models():
        qs_class = getattr(model._default_manager, "_queryset_class", None)
        if qs_class and issubclass(qs_class, ScopedQuerySet) and not isinstance(getattr(model, "scope", None), Scope):
            errors.append(
                checks.Error(f"{model.__name__} uses ScopedManager but declares no Scope", obj=model, id="finsup.E001")
            )
    return errors


@checks.register(checks.Tags.security)
def personal_data_keys_present(app_configs, **kwargs):
    """A local install whose database exists but whose key files are gone (see settings/secrets.py)."""
    missing = settings.FINSUP_SECRETS_MISSING
    if not missing:
        return []
    names = ", ".join(f"var/secrets/{name}" for name in missing)
    return [
        checks.Error(
            f"{names} missing while the database exists: a new key would leave its personal data unreadable",
            hint="Put the secrets back (finsup restore --secrets FILE --passphrase-env NAME, docs/backup.md) or "
            "set FINSUP_FIELD_KEYS and FINSUP_LOOKUP_KEY. Only for a database without personal data: delete it "
            "to start afresh.",
            id="finsup.K001",
        )
    ]


@checks.register(checks.Tags.security)
def personal_data_keys_fit(app_configs, **kwargs):
    """Refuses to run when stored personal data exist that the configured keys cannot read (a key
    generated or configured anew over existing data). Reads a few values of each encrypted column;
    skipped while the database does not exist or is not migrated yet."""
    if settings.FINSUP_SECRETS_MISSING or not database_reachable():
        return []
    try:
        with connection.cursor() as cursor:
            report = check_stored_data(cursor)
    except DatabaseError:  # not migrated yet (no such table)
        return []
    problems = []
    if report.unreadable:
        problems.append(
            checks.Error(
                "stored personal data cannot be decrypted with FINSUP_FIELD_KEYS: " + ", ".join(report.unreadable),
                hint="The keys were replaced after the data were written. Put the original keys back (finsup "
                "restore --secrets FILE, docs/backup.md); never generate new ones over existing data.",
                id="finsup.K002",
            )
        )
    if report.hash_mismatches:
        problems.append(
            checks.Error(
                "FINSUP_LOOKUP_KEY is not the key of the stored look-up hashes: " + ", ".join(report.hash_mismatches),
                hint="Put the original lookup key back (finsup restore --secrets FILE, docs/backup.md).",
                id="finsup.K003",
            )
        )
    return problems

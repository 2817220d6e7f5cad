"""Jurisdiction, enforced in one place.

Every model a user may or may not see declares a `Scope`: the lookup from the model to the
office that supervises it, and the lookup to the institution it belongs to. `for_user()`
is default-deny: an anonymous or inactive user, or a model with no route to the user's
institution, yields nothing. Views and selectors start from `Model.objects.for_user(user)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Scope:
    # Lookup from the model to an Office ("" when the model is an Office itself).
    office: str | None
    # Lookup from the model to the Institution it belongs to ("pk" for Institution).
    institution: str | None = None
    # Whether institution users may see rows of this model at all.
    institution_users: bool = True
    # Of their institution's rows, the ones institution users may see (None: every one).
    institution_rows: models.Q | None = None
    # Lookup to the resident institution or partner department (finsup.partners) whose own users may
    # see the row (None: they see none of this model), and of those rows the ones they may see.
    partner: str | None = None
    partner_rows: models.Q | None = None

    def office_filter(self, office_path: str) -> models.Q:
        if self.office is None:
            return models.Q(pk__in=[])
        prefix = f"{self.office}__" if self.office else ""
        return models.Q(**{f"{prefix}path__startswith": office_path})

    def institution_filter(self, institution_id: int) -> models.Q:
        if self.institution is None or not self.institution_users:
            return models.Q(pk__in=[])
        own = models.Q(**{self.institution: institution_id})
        return own if self.institution_rows is None else own & self.institution_rows

    def partner_filter(self, partner_id: int) -> models.Q:
        if self.partner is None:
            return models.Q(pk__in=[])
        own = models.Q(**{self.partner: partner_id})
        return own if self.partner_rows is None else own & self.partner_rows


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user) -> ScopedQuerySet:
        scope: Scope = self.model.scope
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.institution_id:
            return self.filter(scope.institution_filter(user.institution_id))
        if getattr(user, "partner_id", None):
            return self.filter(scope.partner_filter(user.partner_id))
        if user.office_id:
            return self.filter(scope.office_filter(user.office.path))
        return self.none()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


# --- Reads through a case -----------------------------------------------------------------------
# An oversight body reads, read-only, the records linked to a case it holds (an institution, a
# filing …), and nothing else of the office's registry: a narrow grant derived from the cases, not a
# role. Accountability, which knows the cases, registers the reader when Django starts (its apps.py);
# the kernel knows no case. `reader(user)` gives {model label: {pk, …}} of the records linked to the
# cases the user may see; `audit(user, label, pk)` records one such read in the audit trail.


@dataclass(frozen=True)
class CaseRecords:
    reader: Callable[..., dict[str, set[int]]]
    audit: Callable[..., None]


_case_records: CaseRecords | None = None


def register_case_records(source: CaseRecords) -> None:
    global _case_records
    _case_records = source


def case_record_ids(user, model) -> set[int]:
    """The pks of `model` linked to the cases the oversight user holds (an empty set for anyone else).
    Read once per user object: a page asks for every link it shows."""
    if _case_records is None or not getattr(user, "is_oversight_user", False) or not user.is_active:
        return set()
    cached = getattr(user, "_case_record_ids", None)
    if cached is None:
        cached = _case_records.reader(user)
        user._case_record_ids = cached
    return cached.get(model._meta.label_lower, set())


def reads_through_case(user, model, pk, *, audit: bool = False) -> bool:
    """Whether the user may read this record only because a case it holds links it; with `audit`,
    that read is recorded in the audit trail."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    if pk not in case_record_ids(user, model):
        return False
    if audit:
        _case_records.audit(user, model._meta.label_lower, pk)
    return True

"""Jurisdiction, enforced in one place.

Every model a user may or may not see declares a `Scope`: the lookup from the model to the
office that supervises it, and the lookup to the institution it belongs to. `for_user()`
is default-deny: an anonymous or inactive user, or a model with no route to the user's
institution, yields nothing. Views and selectors start from `Model.objects.for_user(user)`.
"""

from __future__ import annotations

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


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user) -> ScopedQuerySet:
        scope: Scope = self.model.scope
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.institution_id:
            return self.filter(scope.institution_filter(user.institution_id))
        if user.office_id:
            return self.filter(scope.office_filter(user.office.path))
        return self.none()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass

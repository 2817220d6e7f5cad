"""System check: every model with a ScopedManager declares its Scope (default-deny by design)."""

from django.apps import apps
from django.core import checks

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

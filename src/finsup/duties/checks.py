"""System check: the published responsibility list file must load, so a bad edit fails at startup."""

from django.core import checks

from .responsibilities import ResponsibilityListError, load_responsibility_list


@checks.register()
def responsibility_list_is_valid(app_configs, **kwargs):
    try:
        load_responsibility_list()
    except ResponsibilityListError as exc:
        return [checks.Error(str(exc), id="finsup.duties.E001")]
    return []

"""Every choice of every model field reads as a distinct Chinese word in the zh-Hans interface: an
interview once showed the institution's "筹建" (under construction) because both statuses shared
one English msgid. A label that is missing, untranslated, a code, or the same as another choice
of the same field is a mislabel."""

import re

from django.apps import apps
from django.utils import translation

from finsup.inspections.choices import InterviewStatus
from finsup.institutions.choices import InstitutionStatus

CJK = re.compile(r"[\u4e00-\u9fff]")
IDENTIFIER = re.compile(r"[a-z]+_[a-z_0-9]+|[a-z]+\.[a-z]+")


def _choice_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("finsup."):
            continue
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and not field.auto_created:
                yield model, field


def test_every_choice_of_every_model_field_has_a_distinct_label_and_every_status_a_chinese_one():
    problems = []
    with translation.override("zh-hans"):
        fields = list(_choice_fields())
        assert len(fields) > 40  # the walk reaches the apps' models
        assert sum("status" in field.name for _model, field in fields) > 20
        for model, field in fields:
            where = f"{model._meta.label}.{field.name}"
            labels: dict[str, list] = {}
            for value, label in field.flatchoices:
                text = str(label)
                # Statuses are words; other choices may be official signs (rating levels read Ⅰ–Ⅴ).
                wordless = "status" in field.name and not CJK.search(text)
                if wordless or text == str(value) or IDENTIFIER.fullmatch(text):
                    problems.append(f"{where}: {value!r} reads {text!r}")
                labels.setdefault(text, []).append(value)
            problems += [f"{where}: {values} all read {text!r}" for text, values in labels.items() if len(values) > 1]
    assert problems == []


# English status words that several workflows share, each read and found to mean the same thing in
# all of them (so one Chinese word fits). A word shared by another workflow must be added here after
# that check, or given its own context with pgettext_lazy, as the interview's "Preparing" now is.
SHARED_STATUS_WORDS = {
    "Approved",  # an application, an executive's fit-and-proper approval: 已核准
    "Decided",  # an accountability case, a supervisory measure
    "Final",  # an official document, a rating cycle
    "In rectification",  # a finding, an inspection, a risk warning
    "Open",  # a finding, a risk warning
    "Refused",  # an application, an executive's approval
    "Returned",  # a filing returned to the institution, a case returned by an oversight body
    "Under investigation",  # an accountability case, a complaint
}


def test_a_status_word_shared_by_two_workflows_means_the_same_in_both():
    enums: dict[tuple, set[str]] = {}  # an untranslated label → the choice lists that use it
    for _model, field in _choice_fields():
        if "status" not in field.name:
            continue
        choices = tuple((value, getattr(label, "_args", (str(label),))) for value, label in field.flatchoices)
        for _value, args in choices:
            enums.setdefault(args, set()).add(choices)
    shared = {args[-1] for args, lists in enums.items() if len(lists) > 1 and len(args) == 1}
    assert shared <= SHARED_STATUS_WORDS, sorted(shared - SHARED_STATUS_WORDS)
    assert ("Preparing",) in enums and ("interview status", "Preparing") in enums


def test_an_interview_being_prepared_is_not_an_institution_under_construction():
    with translation.override("zh-hans"):
        assert str(InstitutionStatus.PREPARING.label) == "筹建"
        assert str(InterviewStatus.PREPARING.label) == "准备中"

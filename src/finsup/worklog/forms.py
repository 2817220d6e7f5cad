"""The duty register's forms: who answers for an item, a task, and the work records (a task done, a
meeting with its minutes and follow-ups, an official document, a record elsewhere, work done)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from finsup.accounts.selectors import staff_label

from .choices import Frequency, RecordKind

_DATE = {"type": "date"}


def _date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))


class _StaffChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return staff_label(obj)


class AssignForm(forms.Form):
    responsible = _StaffChoice(label=_("Responsible person"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices, initial=Frequency.MONTHLY)
    due_days = forms.IntegerField(
        label=_("Days allowed after each period"),
        min_value=0,
        max_value=366,
        initial=10,
        required=False,
        help_text=_("Each period is due this many days after it ends."),
    )
    due_on = _date_field(_("Due on (a one-off task)"), required=False)
    starts_on = _date_field(_("From"), required=False)
    responsible = _StaffChoice(label=_("Responsible person"), queryset=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff


class DoneForm(forms.Form):
    done_on = _date_field(_("Done on"))
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class _RecordForm(forms.Form):
    kind = forms.ChoiceField(choices=RecordKind.choices, widget=forms.HiddenInput)
    task = forms.ModelChoiceField(
        label=_("For the task (optional)"), queryset=None, required=False, empty_label=_("no task")
    )

    def __init__(self, *args, task_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = task_choices


class MeetingForm(_RecordForm):
    title = forms.CharField(label=_("Meeting"), max_length=200)
    done_on = _date_field(_("Held on"))
    # Required by the service, which says so in the office's words (not the form's generic message).
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    follow_ups = forms.CharField(
        label=_("Follow-ups"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line: the date it is due by (YYYY-MM-DD), then what is to be done."),
    )
    field_order = ["kind", "title", "done_on", "task", "attendees", "minutes", "decisions", "follow_ups"]

    def clean_follow_ups(self) -> list[dict]:
        parsed, bad = [], []
        for n, line in enumerate((self.cleaned_data.get("follow_ups") or "").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            day, _sep, what = line.partition(" ")
            try:
                due_on = datetime.date.fromisoformat(day.strip())
            except ValueError:
                due_on = None
            if due_on is None or not what.strip():
                bad.append(n)
            else:
                parsed.append({"due_on": due_on, "title": what.strip()})
        if bad:
            raise forms.ValidationError(
                _("Line %(lines)s: give the date (YYYY-MM-DD), a space, then what is to be done.")
                % {"lines": "、".join(str(n) for n in bad)}
            )
        return parsed


class DocumentForm(_RecordForm):
    document = forms.TypedChoiceField(label=_("Official document"), coerce=int, choices=())
    done_on = _date_field(_("Date"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["kind", "document", "done_on", "task", "text"]

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [("", "—"), *documents]


class LinkForm(_RecordForm):
    source = forms.ChoiceField(label=_("Record"), choices=())
    done_on = _date_field(_("Date"))
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["kind", "source", "done_on", "task", "text"]

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "—"), *records]


class NoteForm(_RecordForm):
    title = forms.CharField(label=_("Work done"), max_length=200)
    done_on = _date_field(_("Date"))
    text = forms.CharField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["kind", "title", "done_on", "task", "text"]


class AccountForm(forms.Form):
    """Which duty and year the office's performance report (履职情况报告) is drafted for."""

    duty = forms.TypedChoiceField(label=_("Duty"), coerce=int, choices=())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())

    def __init__(self, *args, duties, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duty"].choices = [(d.id, f"{d.id}. {d.title}") for d in duties]
        self.fields["year"].choices = [(y, str(y)) for y in years]

"""The rulebook as supervisors read it: every rule with its formula, limit, dates and legal basis,
its stage and what breaking it does; and the impact replay of a changed rule over past filings."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import FormView, ListView

from finsup.accounts.policies import Action, can
from finsup.institutions.choices import InstitutionKind
from finsup.monitoring.choices import WarningLevel
from finsup.monitoring.selectors import breach_statistics
from finsup.rulebook import RulebookError
from finsup.web.lists import DATE, NAME, Column, ListPageMixin
from finsup.web.views import ScopedViewMixin

from . import catalogue_access as cat
from . import replay
from .choices import RuleStage
from .forms import RuleReplayForm
from .replay import limit_text
from .templatetags.reporting import source_status


def _severity(value: str) -> str:
    return WarningLevel(value).label if value in WarningLevel.values else value


@dataclass(frozen=True)
class RuleRow:
    rule: object  # a rulebook Rule
    report: str  # the report's name, or the data it reads
    severity: str

    @property
    def stage(self) -> str:
        return pgettext("rule stage", "In test") if self.rule.in_test else pgettext("rule stage", "Active")

    @property
    def limit(self) -> str:
        return limit_text(self.rule)


RULE_COLUMNS = (
    Column("rule", gettext_lazy("rule"), "rule.description_zh", kind=NAME, sortable=True),
    Column("report", gettext_lazy("report"), "report", kind=NAME, sortable=True),
    Column("formula", gettext_lazy("formula"), export=False),
    Column("limit", gettext_lazy("limit"), "limit"),
    Column("severity", gettext_lazy("severity"), "severity", sortable=True),
    Column("from", gettext_lazy("in force from"), "rule.effective_from", kind=DATE, sortable=True),
    Column("to", gettext_lazy("in force until"), "rule.effective_to", kind=DATE, table=False),
    Column("stage", gettext_lazy("stage and enforcement"), "stage", sortable=True),
    Column("citation", gettext_lazy("legal basis"), lambda r: str(r.rule.citation)),
    Column("verification", gettext_lazy("verification"), lambda r: source_status(r.rule.status_of_source)),
    Column("breaches", gettext_lazy("breaches in your jurisdiction"), export=False),
)


class RulebookView(ScopedViewMixin, ListPageMixin, ListView):
    """The rules of one kind of institution (or all of them), 15 a page (a rule with its legal basis
    and verification note is tall), sortable, exportable."""

    action = Action.RULEBOOK_VIEW
    template_name = "reporting/rulebook.html"
    columns = RULE_COLUMNS
    export_title = gettext_lazy("Rulebook")
    paginate_by = 15

    def get_queryset(self):
        self.kind = self.request.GET.get("kind", "")
        rules = sorted(cat.rulebook(), key=lambda r: (r.kind, r.report or "", r.effective_from, r.id))
        if self.kind:
            rules = [r for r in rules if r.kind == self.kind]
        reports = {r.code: r.name_zh for r in cat.catalogue()}
        sources = {"loans": _("Loan-level data")}
        return [
            RuleRow(r, reports.get(r.report) or sources.get(r.source, r.source), _severity(r.severity)) for r in rules
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_replay=can(self.request.user, Action.RULEBOOK_REPLAY),
            kinds=InstitutionKind.choices,
            kind=self.kind,
            breach_stats=breach_statistics(actor=self.request.user),  # the breaches column, in the jurisdiction
            **kwargs,
        )


def _rule_choices() -> list[tuple[str, str]]:
    """The report rules, by kind and report, each named by its description, current limit and stage."""
    kinds = dict(InstitutionKind.choices)
    rules = sorted((r for r in cat.rulebook() if r.report), key=lambda r: (r.kind, r.report, r.id))
    out = []
    for rule in rules:
        label = f"【{kinds.get(rule.kind, rule.kind)}】{rule.description_zh.rstrip('。')}（{replay.limit_text(rule)}）"
        out.append((rule.id, label + (f" · {RuleStage(rule.stage).label}" if rule.in_test else "")))
    return out


class RuleReplayView(ScopedViewMixin, FormView):
    """Parse the rule (or file) to try, replay it over the filings the user may see, render. Nothing
    is stored, so a POST here changes nothing."""

    action = Action.RULEBOOK_REPLAY
    template_name = "reporting/rule_replay.html"
    form_class = RuleReplayForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "rule_choices": _rule_choices()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(stage_test=RuleStage.TEST.label, **kwargs)

    def get_initial(self):
        return {"rule": self.request.GET.get("rule", "")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["rules_file"]:
                upload = data["rules_file"]
                candidate, ids = replay.candidate_from_upload(upload.read(), name=upload.name)
            else:
                candidate = replay.candidate_for_entry(
                    data["rule"], limit=data["limit"], low=data["low"], high=data["high"]
                )
                ids = [data["rule"]]
        except RulebookError as exc:
            form.add_error(
                None, _("The rule cannot be used as given: %(problems)s") % {"problems": "; ".join(exc.problems)}
            )
            return self.render_to_response(self.get_context_data(form=form), status=400)
        result = replay.rules_replay(actor=self.request.user, candidate=candidate, rule_ids=ids, as_of=data["as_of"])
        return self.render_to_response(self.get_context_data(form=form, replay=result))

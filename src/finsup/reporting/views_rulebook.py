"""The rulebook as supervisors read it: every rule with its formula, limit, dates and legal basis,
its stage and what breaking it does; and the impact replay of a changed rule over past filings."""

from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from finsup.accounts.policies import Action, can
from finsup.institutions.choices import InstitutionKind
from finsup.monitoring.choices import WarningLevel
from finsup.monitoring.selectors import breach_statistics
from finsup.rulebook import RulebookError
from finsup.web.views import ScopedViewMixin

from . import catalogue_access as cat
from . import replay
from .choices import RuleStage
from .forms import RuleReplayForm


def _severity(value: str) -> str:
    return WarningLevel(value).label if value in WarningLevel.values else value


class RulebookView(ScopedViewMixin, TemplateView):
    action = Action.RULEBOOK_VIEW
    template_name = "reporting/rulebook.html"

    def get_context_data(self, **kwargs):
        kind = self.request.GET.get("kind", "")
        rules = sorted(cat.rulebook(), key=lambda r: (r.kind, r.report or "", r.effective_from, r.id))
        if kind:
            rules = [r for r in rules if r.kind == kind]
        reports = {r.code: r.name_zh for r in cat.catalogue()}
        sources = {"loans": _("Loan-level data")}
        return super().get_context_data(
            rules=[(r, reports.get(r.report) or sources.get(r.source, r.source), _severity(r.severity)) for r in rules],
            can_replay=can(self.request.user, Action.RULEBOOK_REPLAY),
            kinds=InstitutionKind.choices,
            kind=kind,
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

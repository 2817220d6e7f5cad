import datetime
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError

from finsup.core.request_context import Actor, acting_as
from finsup.reporting import catalogue_access, replay
from finsup.reporting.evaluation import reevaluate

SHOWN_CHANGES = 20


class Command(BaseCommand):
    help = (
        "The rulebook. `finsup rules evaluate` re-evaluates accepted filings (after a rule change); `check` loads it; "
        "`replay --rules-dir DIR` (or `--rule ID --threshold X`) counts, without storing anything, how many accepted "
        "filings and institutions the changed rules would find in breach, old rule against new."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["evaluate", "check", "replay"])
        parser.add_argument("--report", help="only this report code")
        parser.add_argument("--since", help="only periods ending on or after YYYY-MM-DD")
        replaying = parser.add_argument_group("replay")
        replaying.add_argument("--rules-dir", help="the candidate rules folder (as FINSUP_RULES_DIR would be)")
        replaying.add_argument("--rule", help="replay this rule of the rulebook in force (with --threshold: changed)")
        replaying.add_argument("--threshold", help="its new limit, as written in the rule files (0.25 for 25%%)")
        replaying.add_argument("--low", help="its new lower limit (comparator 'between')")
        replaying.add_argument("--high", help="its new upper limit (comparator 'between')")
        replaying.add_argument("--as-of", help="evaluate every filing under the rules in force on YYYY-MM-DD")
        replaying.add_argument("--list", dest="shown", type=int, default=SHOWN_CHANGES, help="filings listed per rule")

    def handle(self, *args, action, report=None, since=None, **options):
        catalogue_access.catalogue.cache_clear()
        catalogue_access.rulebook.cache_clear()
        try:
            rulebook = catalogue_access.rulebook()  # a malformed rule file fails here, before anything runs
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        since_date = _date(since, "--since")
        if action == "check":
            testing = sum(r.in_test for r in rulebook)
            blocking = sum(r.enforcement == "blocking" for r in rulebook)
            self.stdout.write(
                self.style.SUCCESS(f"rulebook loads: {len(rulebook)} rules ({testing} in test, {blocking} blocking)")
            )
            return
        if action == "replay":
            self._replay(report=report, since=since_date, **options)
            return
        with acting_as(Actor(label="command:rules evaluate", channel="command")):
            n = reevaluate(report_code=report, since=since_date)
        self.stdout.write(self.style.SUCCESS(f"{n} rule results stored"))

    def _replay(self, *, report, since, rules_dir, rule, threshold, low, high, as_of, shown, **_):
        if bool(rules_dir) == bool(rule):
            raise CommandError("replay: give either --rules-dir DIR or --rule ID")
        try:
            if rules_dir:
                candidate, ids = replay.candidate_from_folder(rules_dir), None
            elif threshold is None and low is None and high is None:
                candidate, ids = catalogue_access.rulebook(), [catalogue_access.rulebook().get(rule).id]
            else:
                limits = {k: _number(v, k) for k, v in (("threshold", threshold), ("low", low), ("high", high))}
                candidate, ids = replay.candidate_with_limit(rule, **limits), [rule]
        except KeyError:
            raise CommandError(f"replay: no rule '{rule}' in the rulebook in force") from None
        except ValueError as exc:  # RulebookError: every problem of the candidate
            raise CommandError(str(exc)) from exc
        result = replay.rules_replay(
            actor=None,
            candidate=candidate,
            rule_ids=ids,
            since=since,
            as_of=_date(as_of, "--as-of"),
            report_code=report,
        )
        when = f"the rules in force on {result.as_of}" if result.as_of else "the rules in force for each period"
        self.stdout.write(f"Replayed over {result.filings:,} accepted filings ({when}); nothing stored.")
        if not result.impacts and not result.not_replayed:
            self.stdout.write("No rule differs from the rulebook in force.")
        for impact in result.impacts:
            self._impact(impact, shown)
        for skipped in result.not_replayed:
            self.stdout.write(f"{skipped.id}: a rule on the {skipped.source} feed, not replayed over filings")

    def _impact(self, impact, shown: int):
        old, new = impact.old, impact.new
        self.stdout.write(self.style.MIGRATE_HEADING(f"{impact.rule_id}  {impact.rule.description_zh}"))
        self.stdout.write(f"  rule:          {_state(old)} -> {_state(new)}")
        self.stdout.write(f"  evaluated:     {impact.evaluated_old:,} -> {impact.evaluated_new:,} filings")
        self.stdout.write(f"  breaches:      {impact.breaches_old:,} -> {impact.breaches_new:,} filings")
        self.stdout.write(
            f"  institutions:  {len(impact.institutions_old):,} -> {len(impact.institutions_new):,} in breach"
        )
        self.stdout.write(f"  verdict changes: {impact.changes_count:,}")
        for change in impact.changes[:shown]:
            s = change.submission
            sign = "+ breach" if change.breach_now else "- breach"
            self.stdout.write(
                f"    {sign}  filing {s.pk}  {s.institution.name}  {s.period_end}  "
                f"value {_plain(change.old_value)} -> {_plain(change.new_value)}"
            )
        if impact.changes_count > shown:
            self.stdout.write(f"    ... and {impact.changes_count - shown:,} more")


def _state(rule) -> str:
    if rule is None:
        return "(none)"
    limit = (
        f"{rule.threshold_low}..{rule.threshold_high}"
        if rule.comparator == "between"
        else (rule.threshold_expr.text if rule.threshold_expr else rule.threshold)
    )
    return f"{rule.comparator} {limit} [{rule.stage}, {rule.enforcement}, version {rule.version}]"


def _plain(value) -> str:
    return "-" if value is None else format(value.normalize(), "f")


def _date(text, option) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option}: not a date (YYYY-MM-DD): {text}") from None


def _number(text, option) -> Decimal | None:
    if text is None:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"--{option}: not a number: {text}") from None
    if not number.is_finite():
        raise CommandError(f"--{option}: not a number: {text}")
    return number

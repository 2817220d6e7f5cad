"""The demo filings: every report of every filing institution, figures that satisfy the report
definitions, a realistic review history, and warnings a supervisor sees on the first login."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from finsup.accounts.models import User
from finsup.demo.filings import demo_filings_plan
from finsup.demo.filings_money import entered
from finsup.demo.filings_timeline import LOCAL
from finsup.demo.services import demo_plan
from finsup.institutions.models import Institution
from finsup.monitoring.choices import WarningSource, WarningStatus
from finsup.monitoring.models import RiskWarning
from finsup.reporting import catalogue_access as cat
from finsup.reporting.choices import SubmissionAction, SubmissionStatus
from finsup.reporting.models import Submission, SubmissionEvent
from finsup.reporting.periods import Period, deadline, previous_period
from finsup.reporting.validation import json_to_stored, parse_figures, stored_to_json
from finsup.rulebook import check_continuity, evaluate_checks
from tests.demo.conftest import AS_OF

CURRENT = [SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED, SubmissionStatus.CONFIRMED]


def version_of(submission):
    return cat.catalogue()[submission.report_code].version(submission.report_version)


def test_every_filing_institution_files_every_report_of_its_kind(loaded):
    filings = Submission.objects.filter(institution__isnull=False).exclude(status=SubmissionStatus.SUPERSEDED)
    assert set(filings.values_list("report_code", flat=True)) == {
        "ml_monthly_business",
        "ml_monthly_financial",
        "ml_monthly_funding",
        "gs_quarterly",
        "gs_annual",
        "pc_quarterly",
        "lr_monthly",
    }
    periods = defaultdict(set)
    for inst_id, code, end in filings.values_list("institution_id", "report_code", "period_end"):
        periods[(inst_id, code)].add(end)
    filers = Institution.objects.filter(status__in=["operating", "suspended", "exiting"])
    assert not Institution.objects.exclude(pk__in=filers).filter(submissions__isnull=False).exists()
    for inst in filers:
        for report in cat.catalogue().for_kind(inst.kind):
            # From January 2025 to the last closed period on the demo day (those not yet due filed by
            # the early filers); a few are missing on purpose.
            assert (
                len(periods[(inst.pk, report.code)]) >= {"monthly": 18, "quarterly": 6, "annual": 0}[report.frequency]
            ), (inst.name, report.code)
            assert min(periods[(inst.pk, report.code)], default=datetime.date(2025, 1, 1)) >= datetime.date(2025, 1, 1)
            assert all(end < AS_OF for end in periods[(inst.pk, report.code)])
    assert filings.count() > 3500


def test_every_stored_filing_satisfies_its_identities_and_continues_the_previous_period(loaded):
    by_version = defaultdict(list)
    current = {}
    for s in Submission.objects.all():
        figures = json_to_stored(version_of(s), s.values)
        by_version[version_of(s)].append({**figures, "row_key": s.pk})
        if s.status in CURRENT:
            current[(s.institution_id, s.report_code, s.period_end)] = (s, figures)
    for version, rows in by_version.items():
        assert evaluate_checks(version, rows) == [], version.report_code
    for (inst_id, code, _end), (s, figures) in current.items():
        before = previous_period(Period(s.period_start, s.period_end), cat.catalogue()[code].frequency)
        previous = current.get((inst_id, code, before.end))
        assert check_continuity(version_of(s), figures, previous and previous[1]) == [], s


def test_figures_agree_across_the_three_microloan_statements(loaded):
    filings = defaultdict(dict)
    for s in Submission.objects.filter(report_code__startswith="ml_", status__in=CURRENT):
        filings[(s.institution_id, s.period_end)][s.report_code] = s.values
    checked = 0
    for reports in filings.values():
        if len(reports) < 3:
            continue
        business, financial, funding = (
            reports[c] for c in ("ml_monthly_business", "ml_monthly_financial", "ml_monthly_funding")
        )
        assert business["net_assets"] == financial["owners_equity"] == funding["net_assets"]
        assert business["loans_total"] == funding["loans_total"]
        assert business["provisions_held"] == funding["loan_loss_provisions"]
        assert funding["npl_total"] == str(
            sum(
                json_to_stored(cat.catalogue()["ml_monthly_business"].version(2), business)[k]
                for k in ("loans_substandard", "loans_doubtful", "loans_loss")
            )
        )
        checked += 1
    assert checked > 800


def test_money_is_realistic_for_the_registered_capital(loaded):
    for s in Submission.objects.filter(report_code="ml_monthly_business", status__in=CURRENT).select_related(
        "institution"
    ):
        capital = s.institution.registered_capital
        figures = json_to_stored(version_of(s), s.values)
        assert capital * Decimal("0.5") < figures["net_assets"] < capital * Decimal("1.6"), s
        assert figures["loans_total"] < figures["net_assets"] * 3, s
        assert 7 < figures["rate_weighted_avg"] < 20


def test_most_filings_are_accepted_and_the_older_ones_confirmed(loaded):
    statuses = Counter(Submission.objects.values_list("status", flat=True))
    total = sum(n for s, n in statuses.items() if s != SubmissionStatus.SUPERSEDED)
    assert statuses[SubmissionStatus.ACCEPTED] + statuses[SubmissionStatus.CONFIRMED] > 0.95 * total
    assert statuses[SubmissionStatus.CONFIRMED] > 0.75 * total
    assert 0 < statuses[SubmissionStatus.SUBMITTED] < 0.05 * total
    assert statuses[SubmissionStatus.RETURNED] >= 1 and statuses[SubmissionStatus.SUPERSEDED] >= 10
    recent = AS_OF - datetime.timedelta(days=60)
    assert not Submission.objects.filter(status=SubmissionStatus.CONFIRMED, status_changed_at__date__gt=AS_OF).exists()
    old = Submission.objects.filter(status__in=COUNTED, period_end__lt=recent - datetime.timedelta(days=40))
    assert old.filter(status=SubmissionStatus.CONFIRMED).count() > 0.85 * old.count()


COUNTED = [SubmissionStatus.ACCEPTED, SubmissionStatus.CONFIRMED]


def test_history_is_dated_within_the_periods_and_in_order(loaded):
    late = 0
    for s in Submission.objects.filter(version=1):
        report = cat.catalogue()[s.report_code]
        filed = s.submitted_at.astimezone(LOCAL).date()
        assert s.period_end < filed < AS_OF, s
        late += filed > deadline(Period(s.period_start, s.period_end), report.deadline_days)
    total = Submission.objects.filter(version=1).count()
    assert 10 < late < 0.05 * total
    times = defaultdict(list)
    for submission_id, action, at in SubmissionEvent.objects.values_list("submission_id", "action", "at").order_by(
        "pk"
    ):
        times[submission_id].append((action, at))
    for events in times.values():
        moments = [at for _, at in events]
        assert moments == sorted(moments)
        assert all(at.astimezone(LOCAL).date() < AS_OF for at in moments)


def test_corrections_and_returns_carry_their_reasons(loaded):
    corrections = Submission.objects.filter(version=2)
    assert corrections.count() >= 10
    assert all(s.correction_reason and s.supersedes.status == SubmissionStatus.SUPERSEDED for s in corrections)
    returns = SubmissionEvent.objects.filter(action=SubmissionAction.RETURN)
    assert returns.count() >= 8 and all(e.reason for e in returns)
    assert all(e.by.role in ("clerk", "lead_supervisor") for e in returns)
    own = User.objects.get(username="inst_clerk").institution
    assert own.submissions.filter(version=2).count() == 2
    assert own.submissions.filter(status=SubmissionStatus.SUPERSEDED, events__action=SubmissionAction.RETURN).exists()


def test_breach_warnings_are_open_in_several_counties_for_several_rules(loaded):
    breaches = RiskWarning.objects.filter(source=WarningSource.RULE_BREACH).exclude(status=WarningStatus.CLOSED)
    assert breaches.values("institution__county").distinct().count() >= 3
    assert breaches.values("rule_id").distinct().count() >= 3
    kinds = set(breaches.values_list("institution__kind", flat=True))
    assert {"microloan", "guarantee", "private_capital"} <= kinds
    breaching = RiskWarning.objects.filter(source=WarningSource.RULE_BREACH).values("institution").distinct().count()
    filers = Institution.objects.filter(status__in=["operating", "suspended", "exiting"]).count()
    assert 0.08 * filers <= breaching <= 0.18 * filers
    assert RiskWarning.objects.filter(source=WarningSource.RULE_BREACH, status=WarningStatus.CLOSED).exists()
    for warning in breaches.select_related("submission"):
        assert warning.submission.status in COUNTED
        assert warning.opened_at >= warning.submission.submitted_at


def test_late_and_missing_filings_have_warnings(loaded):
    plan = demo_filings_plan(demo_plan(), as_of=AS_OF)
    late = RiskWarning.objects.filter(source=WarningSource.LATE_FILING)
    assert late.count() == sum(1 for f in plan.filings if f.late) > 0
    missing = set(
        RiskWarning.objects.filter(source=WarningSource.MISSING_FILING).values_list(
            "institution__credit_code", "report_code", "period_end"
        )
    )
    assert missing == set(plan.missing) and len(missing) >= 5


def test_lanshan_lead_supervisor_sees_warnings_on_first_login(loaded, client):
    user = User.objects.get(username="lanshan_supervisor")
    visible = RiskWarning.objects.for_user(user)
    assert visible.filter(source=WarningSource.RULE_BREACH).exclude(status=WarningStatus.CLOSED).exists()
    assert visible.filter(assigned_to=user).exists()
    assert {w.institution.county.code for w in visible.select_related("institution__county")} == {"371302"}
    client.force_login(user)
    response = client.get("/warnings/")
    assert response.status_code == 200
    newest = visible.exclude(status=WarningStatus.CLOSED).select_related("institution").order_by("-opened_at").first()
    assert newest.institution.name in response.content.decode()


def test_the_same_seed_gives_the_same_filings(loaded):
    first, second = (
        demo_filings_plan(demo_plan(seed=2026), as_of=AS_OF),
        demo_filings_plan(demo_plan(seed=2026), as_of=AS_OF),
    )
    assert [(f.key, f.figures, f.submitted_at) for f in first.filings] == [
        (f.key, f.figures, f.submitted_at) for f in second.filings
    ]
    stored = {
        (s.institution.credit_code, s.report_code, s.period_end): s.values
        for s in Submission.objects.filter(status__in=CURRENT, institution__isnull=False).select_related("institution")
    }
    for f in first.filings:
        if f.key in stored:
            version = cat.catalogue()[f.report_code].version_for(f.period.end)
            assert stored[f.key] == stored_to_json(parse_figures(version, entered(f.figures))[0]), f.key
    other = demo_filings_plan(demo_plan(seed=7), as_of=AS_OF)
    assert [f.figures for f in other.filings[:20]] != [f.figures for f in first.filings[:20]]


def _moments(plan):
    return [
        (f.key, f.figures, f.submitted_at, f.corrected_at, f.returned_at, f.accepted_at, f.confirmed_at, f.held)
        for f in plan.filings
    ]


def test_the_same_seed_and_day_give_the_same_stored_history(loaded):
    """The rows the load wrote are the plan's, to the minute: the same seed and day, the same rows."""
    plan = demo_filings_plan(demo_plan(seed=2026), as_of=AS_OF)
    assert _moments(plan) == _moments(demo_filings_plan(demo_plan(seed=2026), as_of=AS_OF))
    stored = {
        (s.institution.credit_code, s.report_code, s.period_end): s.submitted_at
        for s in Submission.objects.filter(version=1, institution__isnull=False).select_related("institution")
    }
    assert stored == {f.key: f.submitted_at for f in plan.filings}
    confirmed = {
        (e.submission.institution.credit_code, e.submission.report_code, e.submission.period_end): e.at
        for e in SubmissionEvent.objects.filter(
            action=SubmissionAction.CONFIRM, submission__institution__isnull=False
        ).select_related("submission__institution")
    }
    assert confirmed == {f.key: f.confirmed_at for f in plan.filings if f.confirmed_at}


def test_another_day_shifts_the_history(db):
    registry = demo_plan(seed=2026)
    later = demo_filings_plan(registry, as_of=AS_OF + datetime.timedelta(days=365))
    first = demo_filings_plan(registry, as_of=AS_OF)
    assert min(f.period.end for f in later.filings) == datetime.date(2026, 1, 31)
    assert (
        max(f.period.end for f in later.filings)
        == datetime.date(2027, 9, 30)
        > max(f.period.end for f in first.filings)
    )
    assert all(f.submitted_at.astimezone(LOCAL).date() < AS_OF + datetime.timedelta(days=365) for f in later.filings)
    assert len(later.missing) == len(first.missing) and later.missing != first.missing


def test_nothing_waits_for_review_past_its_deadline_unless_the_plan_says_so(db):
    """Whatever the day, a filing waits at the county or the city beyond the days allowed only when
    the plan held it on purpose (a county's backlog, a few at the city): nothing turns overdue
    because the calendar moved."""
    county, city = (datetime.timedelta(days=d) for d in (5, 10))
    registry = demo_plan(seed=2026)
    for as_of in (datetime.date(2026, 12, 7), datetime.date(2027, 3, 2), datetime.date(2027, 8, 16)):
        plan = demo_filings_plan(registry, as_of=as_of)
        held = 0
        for f in plan.filings:
            if f.returned_at and not f.corrected_at:
                continue  # with the institution, not the office
            filed = (f.corrected_at or f.submitted_at).astimezone(LOCAL).date()
            if (
                f.accepted_at is None
                and filed + county < as_of
                or (f.accepted_at and f.confirmed_at is None and f.accepted_at.astimezone(LOCAL).date() + city < as_of)
            ):
                assert f.held, (as_of, f.key)
                held += 1
        assert 0 < held < 0.03 * len(plan.filings), as_of


def test_warnings_open_when_their_filings_were_accepted_and_are_handled_later(loaded):
    """No warning nor step bears the loading minute: each is dated before the demo day, a breach
    at its filing's acceptance, a late filing at its filing, each handling step after the last."""
    accepted = dict(SubmissionEvent.objects.filter(action=SubmissionAction.ACCEPT).values_list("submission_id", "at"))
    for warning in RiskWarning.objects.filter(source__in=[WarningSource.RULE_BREACH, WarningSource.LATE_FILING]):
        if warning.source == WarningSource.RULE_BREACH:
            assert warning.opened_at - accepted[warning.submission_id] == datetime.timedelta(minutes=1)
        else:
            assert warning.opened_at == warning.submission.submitted_at
        moments = [e.at for e in warning.events.order_by("pk")]
        assert moments[0] == warning.opened_at and moments == sorted(moments), warning.key
        assert moments[-1].astimezone(LOCAL).date() < AS_OF
        assert (warning.closed_at is None) == (warning.status != WarningStatus.CLOSED)

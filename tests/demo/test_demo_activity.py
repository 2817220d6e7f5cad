"""The demo's year of supervision activity (finsup.demo.activity): every module has records at
every stage, every demo login finds records in every menu entry it has, each step was taken by
the user who would take it, at office hours before the demo's date, and the same seed and date
give the same plan, which is what was loaded."""

import datetime

from django.urls import reverse

from finsup.accounts.models import User
from finsup.accounts.policies import can
from finsup.audit.models import AuditEntry
from finsup.complaints.models import Complaint
from finsup.demo.activity import activity_plan
from finsup.demo.activity_time import OFFICE_TZ
from finsup.demo.generate import DEFAULT_SEED
from finsup.demo.logins import DEMO_LOGINS
from finsup.documents.models import OfficialDocument
from finsup.incidents.models import Incident
from finsup.inspections.models import Finding, Inspection, Interview, Measure
from finsup.institutions.models import DecisionChange
from finsup.licensing.models import AnnualReview, Application
from finsup.ratings.models import RatingAppeal, RatingCycle
from finsup.ratings.selectors import rating_list
from finsup.web.context_processors import NAVIGATION

from .conftest import AS_OF

# `loaded`: the demo data set, loaded once for the package (tests/demo/conftest.py).


def _statuses(model, field="status") -> set[str]:
    return set(model.objects.values_list(field, flat=True))


def test_inspections_are_at_every_stage_with_their_numbered_documents(loaded):
    assert _statuses(Inspection) >= {
        "planned", "notified", "in_progress", "fact_confirmation", "reported", "rectification", "closed"
    }  # fmt: skip
    assert _statuses(Finding) >= {"rectifying", "submitted", "returned", "verified", "closed"}
    offices = set(Inspection.objects.values_list("office__code", flat=True))
    assert "371300" in offices and len(offices) >= 3  # the city and several counties
    final = OfficialDocument.objects.filter(status="final")
    assert set(final.values_list("kind", flat=True)) >= {
        "inspection_notice", "fact_confirmation", "findings", "inspection_report", "opinion_letter",
        "rectification_notice", "interview_notice", "interview_memo", "measure_decision",
    }  # fmt: skip
    letter = final.filter(kind="opinion_letter").select_related("office").first()
    assert "〔" in letter.number and letter.number.endswith("号") and letter.docx and letter.pdf
    with letter.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    numbers = list(final.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_the_notices_of_results_and_the_outreach_reports_are_issued_or_waiting(loaded):
    documents = OfficialDocument.objects.filter(kind__in=["rating_notice", "annual_review_notice", "outreach_report"])
    assert set(documents.values_list("kind", flat=True)) == {"rating_notice", "annual_review_notice", "outreach_report"}
    final = documents.filter(status="final")
    assert set(final.values_list("kind", "word")) >= {("rating_notice", "评"), ("outreach_report", "报")}
    assert all(f"{d.word}〔" in d.number for d in final)
    assert all(d.institution_id is None for d in documents.filter(kind="outreach_report"))


def test_interviews_and_measures_are_at_every_stage_and_leaders_decide(loaded):
    assert _statuses(Interview) == {"preparing", "held", "archived"}
    assert _statuses(Measure) >= {"proposed", "decided", "dismissed"}
    for measure in Measure.objects.exclude(status="proposed").select_related("decided_by"):
        assert measure.decided_by.role == "leader"


def test_a_rating_cycle_is_finished_with_an_appeal_and_another_in_progress(loaded):
    cycles = {c.status: c for c in RatingCycle.objects.all()}
    assert set(cycles) == {"final", "review"}
    assert cycles["final"].year == cycles["review"].year == AS_OF.year - 1
    assert not cycles["final"].ratings.exclude(stage="final").exists()
    assert cycles["review"].ratings.filter(stage="reviewed").exists()
    assert RatingAppeal.objects.get().decision == "upheld"


def test_licensing_applications_at_each_step_and_the_annual_review(loaded):
    assert _statuses(Application) == {"filed", "county_passed", "city_passed", "forwarded", "approved", "refused"}
    assert _statuses(Application, "type") == {"establish", "change", "terminate"}
    login = User.objects.get(username="inst_clerk")
    assert Application.objects.filter(institution=login.institution, filed_by=login).exists()
    assert _statuses(AnnualReview) == {"open", "concluded"}
    assert _statuses(AnnualReview, "outcome") >= {"pass", "pass_with_conditions"}


def test_the_province_decides_and_the_registry_follows(loaded):
    """The province's leader approved a shareholder change and an establishment: the registry holds
    the new company with its shareholders and executives, the new stake and the old one in history."""
    province = User.objects.get(username="province_leader")
    decided = Application.objects.filter(events__from_status="forwarded", events__by=province, status="approved")
    assert set(decided.values_list("type", flat=True)) == {"establish", "change"}
    new = decided.get(type="establish").institution
    assert new.shareholders.count() == 3 and new.key_persons.count() == 2 and new.approval_doc_no.startswith("鲁金监许")
    change = decided.get(type="change")
    ended = DecisionChange.objects.filter(decision_id=change.pk, item="shareholder").exclude(before={})
    assert ended.count() == 1 and ended.get().held_since is not None
    assert Application.objects.filter(status="forwarded").exists()  # one still waits in the province's queue


def test_complaints_and_incidents_at_each_stage_and_the_public_finds_the_published_result(loaded, client):
    assert _statuses(Complaint) == {"received", "accepted", "investigating", "resolved", "published", "declined"}
    assert Complaint.objects.filter(referrals__body="police").exists()
    published = Complaint.objects.get(status="published")
    answer = client.get(reverse("portal:complaint_track"), {"code": published.tracking_code.lower()})
    assert published.published_result in answer.content.decode()
    assert published.complainant_name not in published.published_result  # redacted
    assert _statuses(Incident) == {"reported", "acknowledged", "closed"}
    assert _statuses(Incident, "level") >= {"county", "city"}  # one escalated when nobody acknowledged it


# The menu entries of the activity, and what each login must find there.
MENU = {
    "inspections:list": lambda u: Inspection.objects.for_user(u),
    "inspections:rectification_list": lambda u: Finding.objects.for_user(u),
    "measures:measure_list": lambda u: Measure.objects.for_user(u),
    "licensing:application_list": lambda u: Application.objects.for_user(u),
    "complaints:list": lambda u: Complaint.objects.for_user(u),
    "incidents:list": lambda u: Incident.objects.for_user(u),
    "ratings:cycle_list": lambda u: rating_list(actor=u) if u.is_institution_user else RatingCycle.objects.for_user(u),
}


def test_every_demo_login_finds_records_in_every_activity_menu_entry(loaded):
    seen = set()
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        for _label, name, rule in NAVIGATION:
            if name in MENU and (rule(user) if callable(rule) else can(user, rule)):
                assert MENU[name](user).exists(), (login.username, name)
                seen.add((login.username, name))
    assert {name for _user, name in seen} == set(MENU)  # each entry is in someone's menu
    assert len({user for user, name in seen if name == "inspections:list"}) == 13  # staff, province, institution
    lanshan = User.objects.get(username="lanshan_inspector")
    assert Interview.objects.for_user(lanshan).exists() and AnnualReview.objects.for_user(lanshan).exists()


def test_each_step_is_audited_as_the_user_who_took_it(loaded_entries):
    actors = set(loaded_entries.filter(object_type__startswith="inspections.").values_list("actor_label", flat=True))
    assert {f"command:demo load as {u}" for u in ("lanshan_inspector", "inst_clerk", "lanshan_leader")} <= actors
    assert loaded_entries.filter(
        object_type="complaints.complaint", actor_label="command:demo load as the public (portal)"
    ).exists()


def _signature(plan: dict) -> dict:
    """The plan with records named by what they are (institutions by credit code)."""

    def plain(value):
        if hasattr(value, "credit_code"):
            return value.credit_code
        if hasattr(value, "pk") and hasattr(value, "_meta"):
            return (value._meta.label, value.pk)
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if hasattr(value, "__dataclass_fields__"):
            return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
        return value

    return plain(plan)


def test_the_same_seed_and_date_give_the_same_plan_and_it_is_what_was_loaded(loaded):
    as_of = AS_OF
    plan = activity_plan(as_of=as_of, seed=DEFAULT_SEED)
    assert _signature(plan) == _signature(activity_plan(as_of=as_of, seed=DEFAULT_SEED))
    assert _signature(plan) != _signature(activity_plan(as_of=as_of, seed=DEFAULT_SEED + 1))
    earlier = activity_plan(as_of=as_of - datetime.timedelta(days=28), seed=DEFAULT_SEED)
    assert _signature(earlier) != _signature(plan)
    stage_of = {"planned": "planned", "notified": "notified", "on_site": "in_progress", "facts": "fact_confirmation"}
    stage_of |= {"reported": "reported", "letter": "rectification", "rectifying": "rectification"}
    stage_of |= {"closed": "closed", "closed_clean": "closed"}
    planned = sorted((v.institution.credit_code, v.office, stage_of[v.stage]) for v in plan["inspections"])
    conducted = Inspection.objects.filter(recorded_afterwards=False)  # not the ledgers of past inspections
    loaded_rows = conducted.values_list("institution__credit_code", "office__code", "status")
    assert planned == sorted(loaded_rows)
    findings = sorted(t for v in plan["inspections"] for t, _d, _c, _s in v.findings)
    assert findings == sorted(Finding.objects.values_list("title", flat=True))


def test_every_step_is_planned_at_office_hours_of_a_working_day_before_the_demo_date(loaded):
    as_of = AS_OF
    moments = []
    for specs in activity_plan(as_of=as_of, seed=DEFAULT_SEED).values():
        for spec in specs:
            values = spec.moments.values() if isinstance(spec.moments, dict) else spec.moments
            moments += list(values)
    assert len(moments) > 150
    for moment in moments:
        local = moment.astimezone(OFFICE_TZ)
        assert local.date() < as_of and local.weekday() < 5, moment
        assert datetime.time(9) <= local.time() <= datetime.time(18, 30), moment
    assert AuditEntry.objects.exists()


def test_a_plan_fits_before_any_demo_date_of_a_fortnight(loaded):
    """The lead wires `as_of` to today: whatever the weekday, no step falls on or after it."""
    start = AS_OF
    for days in range(14):
        plan = activity_plan(as_of=start + datetime.timedelta(days=days), seed=DEFAULT_SEED)
        assert len(plan["inspections"]) >= 10


def test_the_activity_can_be_planned_for_any_day_of_the_week(loaded):
    """`make run` loads the demo as of the day it runs: every subject's steps must fit before any
    day (a plan that needs more working days than it leaves fails on a Monday, as the surveys' once did)."""
    for days in range(14):
        as_of = AS_OF + datetime.timedelta(days=days)
        plan = activity_plan(as_of=as_of, seed=DEFAULT_SEED)
        assert plan["surveys"] and plan["inspections"], as_of

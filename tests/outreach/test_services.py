"""Outreach services: who may write, what is refused (and then nothing changes), what is audited."""

import datetime

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.outreach import services
from finsup.outreach.models import Campaign, OutreachEvent, OutreachMaterial
from tests import factories as f

from .factories import PDF, event, material, may_campaign

pytestmark = pytest.mark.django_db


def test_a_county_clerk_plans_a_may_campaign_and_it_is_audited(world):
    clerk = world.lanshan["clerk"]
    campaign = may_campaign(clerk)
    assert campaign.office == clerk.office and campaign.status == "planned"
    entry = AuditEntry.objects.get(object_type="outreach.campaign", object_id=str(campaign.pk))
    assert entry.action == "create" and entry.changes["title"] == [None, campaign.title]
    assert entry.office_path == clerk.office.path


def test_the_city_plans_for_a_county_but_a_county_not_for_another(world):
    lanshan = f.office("371302")
    assert may_campaign(world.city["clerk"], office=lanshan).office == lanshan
    with pytest.raises(PermissionDenied):
        may_campaign(world.luozhuang["clerk"], office=lanshan, year=2025)
    with pytest.raises(PermissionDenied):
        may_campaign(world.lanshan["clerk"], office=f.office("371300"), year=2025)


def test_a_county_clerk_cannot_touch_another_countys_campaign(world):
    campaign = may_campaign(world.lanshan["clerk"])
    outsider = world.luozhuang["clerk"]
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        event(campaign, outsider)
    with pytest.raises(PermissionDenied):
        services.campaign_update(campaign=campaign, by=outsider, data={"title": "改", "starts_on": campaign.starts_on})
    with pytest.raises(PermissionDenied):
        material(campaign, outsider)
    assert not OutreachEvent.objects.exists() and not OutreachMaterial.objects.exists()
    assert AuditEntry.objects.count() == before


def test_read_only_roles_cannot_write(world):
    campaign = may_campaign(world.lanshan["clerk"])
    for role in ("inspector", "auditor"):
        with pytest.raises(PermissionDenied):
            event(campaign, world.lanshan[role])


def test_one_may_month_per_office_and_year(world):
    may_campaign(world.lanshan["clerk"])
    with pytest.raises(ApplicationError, match="2026"):
        may_campaign(world.lanshan["leader"], title="重复")
    assert Campaign.objects.count() == 1
    other = may_campaign(
        world.lanshan["clerk"],
        kind="other",
        title="金融知识进万家",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 30),
    )
    assert other.kind == "other"


@pytest.mark.parametrize(
    "data",
    [
        {"title": ""},
        {"starts_on": datetime.date(2026, 6, 1), "ends_on": datetime.date(2026, 5, 1)},
        {"starts_on": datetime.date(2025, 12, 1)},
        {"kind": "bogus"},
    ],
)
def test_a_bad_plan_is_refused(world, data):
    with pytest.raises(ApplicationError):
        may_campaign(world.lanshan["clerk"], **data)
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"audience": -1},
        {"copies": -5},
        {"views": 1.5},
        {"audience": "many"},
        {"audience": 10**9},
        {"held_on": datetime.date(2026, 6, 15)},  # outside the campaign's period
        {"channel": "telegram"},
        {"title": "  "},
    ],
)
def test_bad_event_data_is_refused_and_nothing_changes(world, data):
    campaign = may_campaign(world.lanshan["clerk"])
    before = AuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        event(campaign, world.lanshan["clerk"], **data)
    assert not OutreachEvent.objects.exists() and AuditEntry.objects.count() == before


def test_a_future_event_has_no_reach_yet(world):
    today = datetime.date.today()
    campaign = may_campaign(
        world.lanshan["clerk"],
        kind="other",
        year=today.year,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=30),
    )
    later = today + datetime.timedelta(days=10)
    with pytest.raises(ApplicationError):
        event(campaign, world.lanshan["clerk"], held_on=later)
    planned = event(campaign, world.lanshan["clerk"], held_on=later, audience=0, copies=0)
    assert planned.audience == 0


def test_a_correction_is_audited_with_old_and_new_values(world):
    clerk = world.lanshan["clerk"]
    campaign = may_campaign(clerk, year=2025)
    e = event(campaign, clerk, audience=100)
    data = {k: getattr(e, k) for k in services.EVENT_FIELDS} | {"audience": 120}
    services.event_correct(event=e, by=world.lanshan["lead_supervisor"], data=data, reason="统计口径更正")
    e.refresh_from_db()
    assert e.audience == 120
    entry = AuditEntry.objects.filter(object_type="outreach.outreachevent").latest("seq")
    assert entry.action == "update"
    assert entry.changes == {"audience": [100, 120], "reason": [None, "统计口径更正"]}
    with pytest.raises(ApplicationError):  # a correction needs its reason
        services.event_correct(event=e, by=clerk, data=data | {"audience": 1}, reason="")
    e.refresh_from_db()
    assert e.audience == 120


def test_materials_are_published_and_withdrawn_with_audit(world):
    clerk = world.lanshan["clerk"]
    m = material(may_campaign(clerk), clerk)
    assert not m.published and m.sha256 and m.file.read() == PDF
    m = services.material_publish(material=m, by=clerk, published=True)
    assert m.published and m.published_at
    with pytest.raises(ApplicationError):
        services.material_publish(material=m, by=clerk, published=True)
    m = services.material_publish(material=m, by=clerk, published=False)
    assert not m.published and m.published_at is None
    actions = list(
        AuditEntry.objects.filter(object_type="outreach.outreachmaterial")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "status", "status"]


def test_completing_needs_a_summary_and_closes_the_record(world):
    clerk = world.lanshan["clerk"]
    campaign = may_campaign(clerk, year=2025)
    with pytest.raises(ApplicationError):
        services.campaign_complete(campaign=campaign, by=clerk, summary=" ")
    campaign = services.campaign_complete(campaign=campaign, by=clerk, summary="覆盖群众三万人次。")
    assert campaign.status == "completed" and campaign.completed_by == clerk
    with pytest.raises(ApplicationError):
        event(campaign, clerk)
    with pytest.raises(ApplicationError):
        services.campaign_complete(campaign=campaign, by=clerk, summary="再次")


def test_a_campaign_still_running_cannot_be_completed(world):
    today = datetime.date.today()
    campaign = may_campaign(
        world.lanshan["clerk"],
        kind="other",
        year=today.year,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=3),
    )
    with pytest.raises(ApplicationError):
        services.campaign_complete(campaign=campaign, by=world.lanshan["clerk"], summary="提前结束")
    campaign.refresh_from_db()
    assert campaign.status == "planned"


def test_the_plan_cannot_move_away_from_its_events(world):
    clerk = world.lanshan["clerk"]
    campaign = may_campaign(clerk, year=2025)
    event(campaign, clerk, held_on=datetime.date(2025, 5, 20))
    data = {"kind": "may_month", "title": campaign.title, "starts_on": datetime.date(2025, 5, 1)}
    with pytest.raises(ApplicationError):
        services.campaign_update(campaign=campaign, by=clerk, data=data | {"ends_on": datetime.date(2025, 5, 10)})
    services.campaign_update(
        campaign=campaign, by=clerk, data=data | {"ends_on": datetime.date(2025, 6, 5), "theme": "新"}
    )
    campaign.refresh_from_db()
    assert campaign.ends_on == datetime.date(2025, 6, 5) and campaign.theme == "新"
    entry = AuditEntry.objects.filter(object_type="outreach.campaign").latest("seq")
    assert entry.changes["ends_on"] == ["2025-05-31", "2025-06-05"]

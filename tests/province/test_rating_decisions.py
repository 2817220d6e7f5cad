"""The province decides the final ratings the city submitted (issue 18): each level confirmed or
adjusted with reasons, then the results published; its decisions are its own, audited, and flow
back to the city, the counties and the institutions. Refusals change nothing."""

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, InvalidTransition, PermissionDenied
from finsup.inspections.models import Measure
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for
from finsup.ratings import province as p
from finsup.ratings.choices import RatingStep
from finsup.ratings.models import Rating, RatingCycle, RatingEvent
from tests.ratings.helpers import run_cycle


@pytest.fixture
def cycle(world):
    return run_cycle(world, year=2025, kind="microloan", institutions=[world.inst_lanshan, world.inst_luozhuang])


def _rating(cycle, institution):
    return Rating.objects.get(cycle=cycle, institution=institution)


def _waiting(user):
    return sum(i.count for i in waiting_for(user) if "ratings" in i.url)


def test_the_submitted_cycle_waits_for_the_province_only(world, province, cycle):
    assert _waiting(province["leader"]) == 1 and _waiting(province["lead_supervisor"]) == 1
    assert _waiting(world.city["leader"]) == 0 and _waiting(province["clerk"]) == 0


def test_the_province_adjusts_one_confirms_the_rest_and_publishes(
    world, province, cycle, django_capture_on_commit_callbacks
):
    lanshan, luozhuang = _rating(cycle, world.inst_lanshan), _rating(cycle, world.inst_luozhuang)
    assert (lanshan.final_level, luozhuang.final_level) == ("I", "I")
    p.rating_province_decide(rating=lanshan, by=province["lead_supervisor"], level="V2", reason="存在非法集资风险。")
    lanshan.refresh_from_db()
    assert (lanshan.final_level, lanshan.province_level) == ("I", "V2")  # not published yet
    with django_capture_on_commit_callbacks(execute=True):
        p.cycle_province_publish(cycle=cycle, by=province["leader"], reason="经审核，予以发布。")
    lanshan.refresh_from_db(), luozhuang.refresh_from_db()
    cycle.refresh_from_db()
    assert (lanshan.final_level, luozhuang.final_level, luozhuang.province_level) == ("V2", "I", "I")
    assert cycle.published_on is not None and cycle.published_by == province["leader"]
    steps = list(RatingEvent.objects.filter(rating=luozhuang).values_list("step", "by"))
    assert (RatingStep.PROVINCE_CONFIRMED, province["leader"].pk) in steps
    assert (RatingStep.PROVINCE_ADJUSTED, province["lead_supervisor"].pk) in [
        (e.step, e.by_id) for e in RatingEvent.objects.filter(rating=lanshan)
    ]
    # The new level proposes its measures (V(2): exit advice, the loss of pilot status), for a leader.
    assert set(Measure.objects.filter(institution=world.inst_lanshan).values_list("kind", flat=True)) >= {
        "exit_advice",
        "revocation_request",
    }
    assert AuditEntry.objects.filter(object_type="ratings.ratingcycle", changes__published_on__isnull=False).exists()
    notified = set(Notification.objects.values_list("user", flat=True))
    for user in (world.city["leader"], world.lanshan["leader"], world.luozhuang["lead_supervisor"]):
        assert user.pk in notified
    own = Notification.objects.get(user=world.clerk_lanshan_inst, key=f"rating-published:{lanshan.pk}")
    assert own.url == lanshan.get_absolute_url()
    assert _waiting(province["leader"]) == 0


def test_refusals_are_in_chinese_and_change_nothing(world, province, cycle):
    rating = _rating(cycle, world.inst_lanshan)
    before = (AuditEntry.objects.count(), RatingEvent.objects.count())
    with pytest.raises(PermissionDenied, match="省金融办"):
        p.rating_province_decide(rating=rating, by=world.city["leader"], level="II", reason="调整")
    with pytest.raises(PermissionDenied):
        p.cycle_province_publish(cycle=cycle, by=province["lead_supervisor"])
    with pytest.raises(ApplicationError, match="理由"):
        p.rating_province_decide(rating=rating, by=province["leader"], level="II", reason=" ")
    with pytest.raises(ApplicationError, match="等级"):
        p.rating_province_decide(rating=rating, by=province["leader"], level="VI", reason="x")
    assert (AuditEntry.objects.count(), RatingEvent.objects.count()) == before
    rating.refresh_from_db()
    assert rating.province_level == "" and rating.final_level == "I"
    p.cycle_province_publish(cycle=cycle, by=province["leader"])
    with pytest.raises(InvalidTransition, match="已发布"):
        p.cycle_province_publish(cycle=RatingCycle.objects.get(pk=cycle.pk), by=province["leader"])
    with pytest.raises(InvalidTransition, match="已发布"):
        p.rating_province_decide(rating=rating, by=province["leader"], level="I")


def test_a_cycle_still_under_review_is_not_the_province_s_yet(world, province):
    from finsup.ratings import services

    cycle = services.cycle_create(by=world.city["leader"], year=2025, kind="microloan", sample_size=0, seed=1)
    with pytest.raises(InvalidTransition, match="尚未报送"):
        p.cycle_province_publish(cycle=cycle, by=province["leader"])
    assert _waiting(province["leader"]) == 0


def test_the_pages_take_the_decision_and_show_it_below(world, province, cycle, client):
    rating = _rating(cycle, world.inst_lanshan)
    client.force_login(province["lead_supervisor"])
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert f"{rating.get_absolute_url()}#province" in page and "province-publish" not in page
    assert client.post(f"/ratings/r/{rating.pk}/province/", {"level": "II", "reason": ""}).status_code == 400
    done = client.post(f"/ratings/r/{rating.pk}/province/", {"level": "II", "reason": "内控薄弱。"})
    assert done.status_code == 302
    client.force_login(province["leader"])
    assert "province-publish" in client.get(cycle.get_absolute_url()).content.decode()
    assert client.post(f"/ratings/{cycle.pk}/publish/", {"reason": ""}).status_code == 302
    for user in (world.city["clerk"], world.lanshan["inspector"]):
        client.force_login(user)
        page = client.get(rating.get_absolute_url()).content.decode()
        assert "内控薄弱。" in page and 'id="province-level"' in page
    client.force_login(world.clerk_lanshan_inst)
    assert client.get(rating.get_absolute_url()).status_code == 200

"""Pages of supervisory measures, executive interviews and the institution timeline."""

import datetime

from django.urls import reverse
from django.utils import timezone

from finsup.inspections import services as s
from finsup.inspections.choices import InterviewStatus, MeasureKind, MeasureStatus
from finsup.inspections.effects import measures_from_rating
from finsup.inspections.models import Interview, IssuedDocument, Measure

from .helpers import add_finding, make_warning, started

BASIS = "《山东省地方金融条例》第四十四条"


def _proposed(world):
    return s.measure_propose(
        by=world.lanshan["lead_supervisor"],
        institution=world.inst_lanshan,
        kind=MeasureKind.WARNING,
        proposal="连续两期报表迟报。",
        warnings=[make_warning(world.inst_lanshan)],
    )


def test_a_leader_decides_a_proposed_measure_with_reasons(world, client, papers):
    measure = _proposed(world)
    client.force_login(world.lanshan["leader"])
    listing = client.get(reverse("measures:measure_list"))
    assert listing.status_code == 200 and "连续两期" not in listing.content.decode()
    assert world.inst_lanshan.name in listing.content.decode()
    url = reverse("measures:measure_decide", args=[measure.pk])
    assert client.post(url, {"reasons": "", "basis": BASIS}).status_code == 400  # reasons are required
    response = client.post(url, {"reasons": "连续迟报，予以警告。", "basis": BASIS})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.decided_by) == (MeasureStatus.DECIDED, world.lanshan["leader"])
    assert papers == ["measure_decision"]
    page = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    assert IssuedDocument.objects.get(measure=measure).number in page
    decided = client.get(reverse("measures:measure_list") + "?status=decided").content.decode()
    assert reverse("measures:measure_detail", args=[measure.pk]) in decided


def test_only_a_leader_in_jurisdiction_decides_or_dismisses(world, client):
    measure = _proposed(world)
    for user in (world.lanshan["lead_supervisor"], world.luozhuang["leader"], world.clerk_lanshan_inst):
        client.force_login(user)
        response = client.post(reverse("measures:measure_dismiss", args=[measure.pk]), {"reasons": "不予采纳"})
        assert response.status_code == 404
    client.force_login(world.city["leader"])
    response = client.post(reverse("measures:measure_dismiss", args=[measure.pk]), {"reasons": "情节轻微"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DISMISSED and measure.reasons == "情节轻微"


def test_a_leader_imposes_a_measure_from_a_finding(world, client, papers):
    inspection = started(world.lanshan, world.inst_lanshan)
    finding = add_finding(world.lanshan["inspector"], inspection)
    client.force_login(world.lanshan["leader"])
    url = reverse("measures:measure_new", args=[world.inst_lanshan.pk]) + f"?finding={finding.pk}"
    form = client.get(url)
    assert form.status_code == 200 and finding.title in form.content.decode()
    data = {"kind": MeasureKind.RECTIFICATION_ORDER, "grounds": "贷款分类不准确", "basis": BASIS}
    data["findings"] = [finding.pk]
    response = client.post(url, data)
    measure = Measure.objects.get(institution=world.inst_lanshan)
    assert response.status_code == 302 and response["Location"] == reverse("measures:measure_detail", args=[measure.pk])
    assert measure.status == MeasureStatus.DECIDED and list(measure.findings.all()) == [finding]


def test_an_inspector_proposes_from_a_warning(world, client):
    warning = make_warning(world.inst_lanshan)
    client.force_login(world.lanshan["inspector"])
    url = reverse("measures:measure_new", args=[world.inst_lanshan.pk])
    data = {"kind": MeasureKind.REMINDER, "grounds": "提示报表质量", "warnings": [warning.pk]}
    assert client.post(url, data).status_code == 302
    measure = Measure.objects.get()
    assert measure.status == MeasureStatus.PROPOSED and list(measure.warnings.all()) == [warning]
    client.force_login(world.lanshan["clerk"])  # no inspection duties
    assert client.get(url).status_code == 404


def test_an_interview_from_a_warning_is_noticed_held_and_archived(world, client, papers):
    warning = make_warning(world.inst_lanshan)
    by = world.lanshan["lead_supervisor"]
    client.force_login(by)
    url = reverse("measures:interview_new", args=[world.inst_lanshan.pk]) + f"?warning={warning.pk}"
    assert client.get(url).status_code == 200
    when = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "lead_interviewer": by.pk,
        "recorder": world.lanshan["inspector"].pk,
        "interviewees": "董事长张三",
        "place": "兰山区金融办会议室",
        "scheduled_at": when.strftime("%Y-%m-%dT%H:%M"),
        "reasons": "单户贷款集中度超标",
        "outline": "一、集中度情况\n二、整改安排",
        "warning": warning.pk,
    }
    assert client.post(url, data).status_code == 302
    interview = Interview.objects.get()
    assert interview.warning == warning and interview.origin == "warning"
    detail = reverse("measures:interview_detail", args=[interview.pk])
    notice = client.post(reverse("measures:interview_notify", args=[interview.pk]), {"contact": "李四"})
    assert notice.status_code == 302
    hold = {"memo": "已说明情况，承诺一个月内整改。", "requirements": "压降集中度\n按月报告"}
    assert client.post(reverse("measures:interview_hold", args=[interview.pk]), hold).status_code == 302
    assert client.post(reverse("measures:interview_archive", args=[interview.pk])).status_code == 302
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ARCHIVED and papers == ["interview_notice", "interview_memo"]
    assert "已说明情况" in client.get(detail).content.decode()
    assert detail in client.get(reverse("measures:interview_list")).content.decode()
    client.force_login(world.luozhuang["lead_supervisor"])
    assert client.get(detail).status_code == 404


def test_the_timeline_shows_measures_interviews_and_ratings(world, client, papers):
    from tests.matrix.test_route_matrix import _rating_cycle

    measure = _proposed(world)
    _cycle, rating_pk = _rating_cycle(world)
    client.force_login(world.lanshan["inspector"])
    url = reverse("measures:timeline", args=[world.inst_lanshan.pk])
    page = client.get(url).content.decode()
    assert "警告" in page
    assert reverse("ratings:rating_detail", args=[rating_pk]) in page
    assert reverse("monitoring:warning_detail", args=[measure.warnings.get().pk]) in page
    only = client.get(url + "?kind=rating").content.decode()
    warning_url = reverse("monitoring:warning_detail", args=[measure.warnings.get().pk])
    assert reverse("ratings:rating_detail", args=[rating_pk]) in only and warning_url not in only
    detail = client.get(reverse("institutions:detail", args=[world.inst_lanshan.pk])).content.decode()
    assert url in detail
    for user in (world.luozhuang["inspector"], world.clerk_lanshan_inst):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_final_rating_consequences_become_proposals(world):
    from finsup.ratings.effects import rating_consequences
    from finsup.ratings.models import Rating
    from tests.matrix.test_route_matrix import _rating_cycle

    _cycle, rating_pk = _rating_cycle(world)
    rating = Rating.objects.get(pk=rating_pk)
    Rating.objects.filter(pk=rating_pk).update(stage="final", final_level="V2", final_on=timezone.localdate())
    rating.refresh_from_db()
    proposed = measures_from_rating(rating, rating_consequences(rating))
    kinds = {m.kind for m in proposed}
    assert kinds and kinds <= {k.value for k in MeasureKind}
    assert all(m.status == MeasureStatus.PROPOSED and m.proposed_by is None for m in proposed)
    again = measures_from_rating(rating, rating_consequences(rating))
    assert len(again) == len(proposed)  # the same undecided proposals are reused
    assert Measure.objects.count() == len(kinds)

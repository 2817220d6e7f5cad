"""A leader may impose a fine with a supervisory measure: under a penalty range of the data
(rulebook/data/penalties.toml) that applies to the institution's kind, for an amount within it. One
yuan beyond either end is refused with a Chinese message and nothing is saved; the decision cites the
article and its range."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.documents.models import OfficialDocument
from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind, MeasureStatus
from finsup.inspections.models import IssuedDocument, Measure
from tests import factories as f

from .helpers import make_warning

BASIS = "《山东省地方金融条例》第五十三条"
D = Decimal
REFUSED = "罚款金额50,001.00元超出《山东省地方金融条例》第五十三条规定的幅度（3万元以上5万元以下）。"


def _proposal(world, institution=None):
    institution = institution or world.inst_lanshan
    return s.measure_propose(
        by=world.lanshan["lead_supervisor"],
        institution=institution,
        kind=MeasureKind.RECTIFICATION_ORDER,
        proposal="整改通知书逾期未整改。",
        warnings=[make_warning(institution, title="逾期未整改")],
    )


def _decide(world, measure, **fine):
    return s.measure_decide(
        by=world.lanshan["leader"], measure=measure, reasons="逾期未按要求整改。", basis=BASIS, **fine
    )


@pytest.mark.parametrize(
    ("penalty", "fine", "passes"),
    [
        ("sd_fin_53", D("30000.00"), True),  # exactly the low end
        ("sd_fin_53", D("50000.00"), True),  # exactly the high end
        ("sd_fin_53", D("29999.00"), False),  # one yuan below
        ("sd_fin_53", D("50001.00"), False),  # one yuan over
        ("sd_fin_54_major_risk", D("500000.00"), True),
        ("sd_fin_54_major_risk", D("500001.00"), False),
    ],
)
def test_the_fine_lies_within_the_range_both_ends_included(world, papers, penalty, fine, passes):
    measure = _proposal(world)
    if passes:
        _decide(world, measure, penalty=penalty, fine=fine)
        measure.refresh_from_db()
        assert (measure.status, measure.penalty_id, measure.fine_amount) == (MeasureStatus.DECIDED, penalty, fine)
        assert papers == ["measure_decision"]
        return
    with pytest.raises(ApplicationError) as caught:
        _decide(world, measure, penalty=penalty, fine=fine)
    assert caught.value.field == "fine"
    measure.refresh_from_db()
    assert (measure.status, measure.penalty_id, measure.fine_amount) == (MeasureStatus.PROPOSED, "", None)
    assert papers == [] and not IssuedDocument.objects.filter(measure=measure).exists()


def test_the_refusal_is_in_chinese_and_names_the_article_and_range(world):
    measure = _proposal(world)
    with translation.override("zh-hans"), pytest.raises(ApplicationError) as caught:
        _decide(world, measure, penalty="sd_fin_53", fine=D("50001"))
    assert caught.value.message == REFUSED


def test_the_provision_must_apply_to_the_institution_and_come_with_an_amount(world):
    guarantee = f.make_institution("371302", kind="guarantee", name="临沂市兰山区信达融资担保有限公司")
    cases = [
        (world.inst_lanshan, {"penalty": "fg683_40", "fine": D("100000")}, "penalty"),  # a guarantee article
        (guarantee, {"penalty": "sd_fin_50", "fine": D("10000")}, "penalty"),  # 第四十七条: Decree 683 governs
        (world.inst_lanshan, {"penalty": "no_such_range", "fine": D("10000")}, "penalty"),
        (world.inst_lanshan, {"penalty": "", "fine": D("10000")}, "penalty"),
        (world.inst_lanshan, {"penalty": "sd_fin_50", "fine": None}, "fine"),
    ]
    for institution, fine, field in cases:
        measure = _proposal(world, institution)
        with pytest.raises(ApplicationError) as caught:
            _decide(world, measure, **fine)
        assert caught.value.field == field, fine
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.PROPOSED


def test_an_imposed_measure_with_a_fine_out_of_range_leaves_nothing_behind(world, papers):
    before = (Measure.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ApplicationError):
        s.measure_impose(
            by=world.lanshan["leader"],
            institution=world.inst_lanshan,
            kind=MeasureKind.RECTIFICATION_ORDER,
            reasons="逾期未按要求整改。",
            basis=BASIS,
            penalty="sd_fin_53",
            fine=D("29999"),
        )
    assert (Measure.objects.count(), AuditEntry.objects.count()) == before and papers == []


def test_the_decision_carries_the_article_range_and_amount_and_the_audit_the_fine(world, papers):
    measure = _decide(world, _proposal(world), penalty="sd_fin_53_serious", fine=D("80000"))
    issued = IssuedDocument.objects.get(measure=measure)
    context = OfficialDocument.objects.get(pk=issued.document_id).context
    assert context["penalty_basis"] == (
        "《山东省地方金融条例》第五十三条（不按照要求进行整改，情节严重，处5万元以上10万元以下罚款）"
    )
    assert context["fine"] == "人民币8万元"
    entry = AuditEntry.objects.filter(object_id=str(measure.pk), changes__has_key="fine_amount").get()
    assert entry.changes["fine_amount"] == [None, "80000"]
    assert entry.changes["penalty_id"] == [None, "sd_fin_53_serious"]


def test_the_leader_chooses_the_provision_and_types_the_amount_in_wan(world, client, papers):
    measure = _proposal(world)
    client.force_login(world.lanshan["leader"])
    page = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    assert "《山东省地方金融条例》第五十三条：不按照要求进行整改（3万元以上5万元以下）" in page
    assert "第四十条" not in page  # the guarantee regulation's ranges are not offered to a microloan company
    url = reverse("measures:measure_decide", args=[measure.pk])
    data = {"reasons": "逾期未按要求整改。", "basis": BASIS, "penalty": "sd_fin_53", "fine": "5.0001"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PROPOSED and papers == []

    assert client.post(url, {**data, "fine": "5"}).status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.fine_amount) == (MeasureStatus.DECIDED, D("50000.00"))
    detail = client.get(reverse("measures:measure_detail", args=[measure.pk])).content.decode()
    assert "5.00 · 《山东省地方金融条例》第五十三条" in detail


def test_a_leader_imposing_at_once_may_fine_and_a_proposer_is_not_offered_it(world, client, papers):
    url = reverse("measures:measure_new", args=[world.inst_lanshan.pk])
    client.force_login(world.lanshan["inspector"])
    assert "penalty" not in client.get(url).content.decode()
    client.force_login(world.lanshan["leader"])
    data = {"kind": MeasureKind.RECTIFICATION_ORDER, "grounds": "报表连续迟报，逾期不改正。", "basis": BASIS}
    response = client.post(url, {**data, "penalty": "sd_fin_51", "fine": "3.0001"})
    assert response.status_code == 400 and not Measure.objects.exists()
    assert client.post(url, {**data, "penalty": "sd_fin_51", "fine": "3"}).status_code == 302
    assert Measure.objects.get().fine_amount == D("30000.00")

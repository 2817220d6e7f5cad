"""Governance and internal-control assessments: the checklist as data, the total and grade computed
(thresholds from the data), each submission the next version (never an overwrite), bad input
refused with nothing written, staff of the jurisdiction only; the pages and the institution page's tab."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from finsup.audit.models import AuditEntry
from finsup.core import clock
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.governance import selectors, services
from finsup.governance.checklist import checklist
from finsup.governance.models import Assessment

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 6, 15, 4, tzinfo=datetime.UTC)
SNAKE = re.compile(r">[^<]*\b[a-z]+_[a-z_]+\b[^<]*<")


@pytest.fixture(autouse=True)
def fixed_day():
    with translation.override("zh-hans"), clock.at(NOON):
        yield


def _full(minus: dict | None = None) -> dict:
    return {i.key: i.points - (minus or {}).get(i.key, 0) for i in checklist().items}


def test_the_checklist_is_data_with_grades():
    sheet = checklist()
    assert sheet.maximum == Decimal(100) and len({i.key for i in sheet.items}) == len(sheet.items)
    assert [sheet.grade(Decimal(t)) for t in ("100", "85", "84.9", "60", "0")] == [
        "良好",
        "良好",
        "一般",
        "一般",
        "较差",
    ]


def test_total_grade_and_versions(world):
    clerk, inst = world.lanshan["clerk"], world.inst_lanshan
    first = services.assessment_submit(by=clerk, institution=inst, year=2026, scores=_full())
    assert (first.total, first.grade, first.version) == (Decimal(100), "良好", 1)
    second = services.assessment_submit(
        by=clerk,
        institution=inst,
        year=2026,
        scores=_full({"internal_audit": 10, "risk_function": 8}),
        notes={"internal_audit": "未开展内审"},
    )
    assert (second.total, second.grade, second.version) == (Decimal(82), "一般", 2)
    assert second.scores["internal_audit"] == {"score": "0.0", "note": "未开展内审"}
    first.refresh_from_db()
    assert first.total == 100  # never overwritten
    assert selectors.latest_governance_score(inst, 2026).grade == "一般"
    assert selectors.latest_governance_score(inst, 2025) is None
    assert AuditEntry.objects.filter(object_type="governance.assessment").count() == 2
    with pytest.raises(ValueError):
        second.save()


def test_bad_input_changes_nothing(world):
    clerk, inst = world.lanshan["clerk"], world.inst_lanshan
    entries = AuditEntry.objects.count()
    bad = [
        dict(year=2026, scores=_full() | {"disclosure": Decimal(11)}),
        dict(year=2026, scores={k: v for k, v in _full().items() if k != "reporting"}),
        dict(year=2026, scores=_full() | {"reporting": "abc"}),
        dict(year=2027, scores=_full()),
    ]
    for kwargs in bad:
        with pytest.raises(ApplicationError) as refused:
            services.assessment_submit(by=clerk, institution=inst, **kwargs)
        assert not re.search(r"[a-z]{4}", refused.value.message)  # in Chinese
    assert not Assessment.objects.exists() and AuditEntry.objects.count() == entries


def test_who_may_assess_and_see(world):
    inst = world.inst_lanshan
    with pytest.raises(OutOfScope):
        services.assessment_submit(by=world.luozhuang["leader"], institution=inst, year=2026, scores=_full())
    with pytest.raises(PermissionDenied):
        services.assessment_submit(by=world.lanshan["inspector"], institution=inst, year=2026, scores=_full())
    a = services.assessment_submit(by=world.city["lead_supervisor"], institution=inst, year=2026, scores=_full())
    assert selectors.assessment_list(actor=world.lanshan["auditor"]).get() == a
    assert not selectors.assessment_list(actor=world.luozhuang["leader"]).exists()
    assert not selectors.assessment_list(actor=world.clerk_lanshan_inst).exists()


def test_the_pages(world, client):
    inst = world.inst_lanshan
    client.force_login(world.lanshan["clerk"])
    page = client.get(f"/governance/institutions/{inst.pk}/").content.decode()
    assert "三会议事规则" in page and 'id="assessment-form"' in page
    data = {"year": "2026"} | {f"score_{k}": str(v) for k, v in _full({"disclosure": 4}).items()}
    response = client.post(f"/governance/institutions/{inst.pk}/assess/", data | {"score_reporting": "11"})
    assert response.status_code == 400 and not Assessment.objects.exists()
    response = client.post(f"/governance/institutions/{inst.pk}/assess/", data | {"note_disclosure": "未披露高管变更"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "96" in detail and "良好" in detail and "未披露高管变更" in detail
    main = re.sub(r"\b(lanshan|city|luozhuang)_[a-z_]+\b", "", detail[detail.index("<main") :])
    assert not SNAKE.search(main), SNAKE.search(main)
    listing = client.get("/governance/").content.decode()
    assert inst.name in listing and "良好" in listing
    tab = client.get(f"/institutions/{inst.pk}/?tab=governance").content.decode()
    assert "法人治理" in tab and "良好" in tab
    client.force_login(world.luozhuang["clerk"])
    assert client.get(f"/governance/institutions/{inst.pk}/").status_code == 404
    assert client.get(response["Location"]).status_code == 404


def test_the_list_costs_the_same_queries_for_more_rows(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories as f

    clerk = world.lanshan["clerk"]
    client.force_login(clerk)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/governance/").status_code == 200
        return len(queries)

    services.assessment_submit(by=clerk, institution=world.inst_lanshan, year=2026, scores=_full())
    count()  # the session's first request reads more (the user, the menu's counts)
    before = count()
    for _ in range(3):
        services.assessment_submit(by=clerk, institution=f.make_institution(), year=2026, scores=_full())
    assert count() == before

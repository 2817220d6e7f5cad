"""The staff search on the database the suite runs on (SQLite, and PostgreSQL with its trigram
ranking in CI): every kind answers only with what the actor may open."""

import datetime

import pytest
from django.db import connection

from finsup.documents import services as documents
from finsup.documents.choices import DocumentKind
from finsup.search.registry import search_kinds
from finsup.search.selectors import search, search_query
from tests import factories as f
from tests.accountability.test_cases import _open as open_case
from tests.complaints.factories import file_complaint
from tests.documents.conftest import _media, fake_pdf  # noqa: F401 (fixtures)
from tests.documents.issuing import signed_off
from tests.documents.samples import SAMPLES
from tests.reporting.helpers import Q1_2026, file_gs

NOW = datetime.datetime.fromisoformat("2026-07-10T10:00:00+08:00")


def titles(actor, text, kind):
    return [hit.title for group in search(actor=actor, text=text) if group.key == kind for hit in group.hits]


def urls(actor, text):
    return [hit.url for group in search(actor=actor, text=text) for hit in group.hits]


def test_every_kind_of_the_issue_is_registered():
    assert {k.key for k in search_kinds()} >= {"institutions", "filings", "documents", "cases", "complaints"}


def test_a_county_finds_its_institution_by_part_of_its_name_and_never_another_countys(world):
    lanshan, luozhuang = world.inst_lanshan, world.inst_luozhuang
    assert titles(world.lanshan["clerk"], "小额贷款", "institutions") == [lanshan.name]
    assert titles(world.luozhuang["clerk"], "小额贷款", "institutions") == [luozhuang.name]
    assert titles(world.lanshan["clerk"], luozhuang.name[2:6], "institutions") == []
    assert sorted(titles(world.city["clerk"], "小额贷款", "institutions")) == sorted([lanshan.name, luozhuang.name])


def test_by_credit_code_in_any_case_and_best_match_first(world):
    code = world.inst_lanshan.credit_code
    assert titles(world.city["inspector"], code.lower(), "institutions") == [world.inst_lanshan.name]
    exact = f.make_institution("371302", name="富民小额贷款公司")
    f.make_institution("371302", name="临沂市兰山区富民农村小额贷款股份有限公司")
    assert titles(world.lanshan["leader"], "富民小额贷款公司", "institutions")[0] == exact.name


def test_by_a_short_name_its_characters_in_order_after_the_names_that_contain_it(world):
    fumin = f.make_institution("371302", name="临沂市兰山区富民农村小额贷款股份有限公司")
    contains = f.make_institution("371302", name="富民小贷服务有限公司")
    assert titles(world.lanshan["clerk"], "兰山富民", "institutions") == [fumin.name]
    assert titles(world.lanshan["clerk"], "富民小贷", "institutions") == [contains.name, fumin.name]
    assert titles(world.luozhuang["clerk"], "兰山富民", "institutions") == []
    assert titles(world.lanshan["clerk"], "富 小", "institutions") == []  # two characters: not a short name


def test_an_institution_user_finds_only_its_own(world):
    user = world.clerk_lanshan_inst
    assert titles(user, "小额贷款", "institutions") == [world.inst_lanshan.name]
    assert search(actor=user, text=world.inst_luozhuang.name) == []
    assert search(actor=world.clerk_luozhuang_inst, text=world.inst_lanshan.credit_code) == []


@pytest.fixture
def notice(world, fake_pdf):  # noqa: F811
    draft = documents.document_draft(
        kind=DocumentKind.INSPECTION_NOTICE,
        office=f.office("371302"),
        institution=world.inst_lanshan,
        context=SAMPLES[DocumentKind.INSPECTION_NOTICE],
        by=world.lanshan["inspector"],
    )
    return signed_off(draft, by=world.lanshan["leader"])


def test_a_document_by_its_number_with_any_brackets_and_only_where_it_may_be_read(world, notice):
    number = notice.number  # e.g. 兰金办检〔2026〕1号
    year = str(notice.year)
    typed = [number, number.replace("〔", "[").replace("〕", "]"), number.replace("〔", "（").replace("〕", "）")]
    for text in typed:
        assert urls(world.lanshan["inspector"], text) == [f"/documents/{notice.pk}/"], text
    assert titles(world.city["leader"], f"〔{year}〕{notice.seq}号", "documents") == [f"{number} {notice.title}"]
    assert titles(world.clerk_lanshan_inst, number, "documents") == [f"{number} {notice.title}"]
    assert search(actor=world.luozhuang["leader"], text=number) == []
    assert search(actor=world.clerk_luozhuang_inst, text=number) == []


def test_a_draft_is_not_found(world, fake_pdf):  # noqa: F811
    documents.document_draft(
        kind=DocumentKind.INSPECTION_NOTICE,
        office=f.office("371302"),
        institution=world.inst_lanshan,
        context=SAMPLES[DocumentKind.INSPECTION_NOTICE],
        by=world.lanshan["inspector"],
    )
    assert titles(world.lanshan["inspector"], "通知书", "documents") == []


def test_a_case_by_its_number_or_title_for_who_may_read_cases_only(world):
    case = open_case(world)  # 未按月开展现场检查, by the city's leader
    assert titles(world.city["leader"], "现场检查", "cases") == [f"{case.number} {case.title}"]
    assert titles(world.city["auditor"], f"[{case.year}]{case.seq}", "cases") == [f"{case.number} {case.title}"]
    assert titles(world.city["leader"], f"〔{case.year}〕", "cases") == [f"{case.number} {case.title}"]  # the year's
    assert titles(world.city["leader"], case.number, "cases") == [f"{case.number} {case.title}"]
    other_prefix = case.number.replace(case.number.split("责")[0], "兰金办", 1)
    assert other_prefix != case.number and titles(world.city["leader"], other_prefix, "cases") == []
    assert titles(world.city["leader"], case.number.replace("责", "检"), "cases") == []  # a document's number
    assert titles(world.city["clerk"], "现场检查", "cases") == []  # clerks read no cases
    assert titles(world.luozhuang["leader"], case.number, "cases") == []


def test_a_complaint_by_its_tracking_code_as_read_out(world):
    complaint = file_complaint(world.inst_lanshan)
    spoken = complaint.tracking_code.replace("-", " ").lower()
    assert titles(world.lanshan["lead_supervisor"], spoken, "complaints") == [f"{complaint.tracking_code} 暴力催收"]
    assert titles(world.lanshan["clerk"], complaint.tracking_code[:9], "complaints") == [
        f"{complaint.tracking_code} 暴力催收"
    ]
    assert search(actor=world.luozhuang["lead_supervisor"], text=complaint.tracking_code) == []
    assert search(actor=world.clerk_lanshan_inst, text=complaint.tracking_code) == []  # institutions: never


def test_filings_by_the_filers_name_and_the_reports_name(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    inst = f.make_institution("371302", kind="guarantee", name="兰山区测试融资担保有限公司")
    clerk = f.make_user("gs_clerk", "institution", institution=inst)
    filing = file_gs(clerk, Q1_2026, start="100000", end="110000")
    found = titles(world.lanshan["clerk"], "测试融资担保 季度", "filings")
    assert len(found) == 1 and found[0].startswith("兰山区测试融资担保有限公司 · ")
    assert urls(clerk, "测试融资担保") == [inst.get_absolute_url(), filing.get_absolute_url()]
    assert titles(world.luozhuang["clerk"], "测试融资担保", "filings") == []


def test_a_query_too_short_or_nobody_logged_in_finds_nothing(world):
    assert search_query(" 兰 ") is None
    assert search(actor=world.city["leader"], text="兰") == []
    from django.contrib.auth.models import AnonymousUser

    assert search(actor=AnonymousUser(), text=world.inst_lanshan.name) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: the trigram indexes")
def test_the_trigram_indexes_exist_on_postgresql(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%_trgm"])
        names = {row[0] for row in cursor.fetchall()}
    assert {"institutions_institution_name_trgm", "documents_officialdocument_number_trgm"} <= names


def test_past_the_first_hits_a_kind_points_to_its_own_list_filtered_alike(world):
    for n in range(3):
        f.make_institution("371302", name=f"兰山区同名{n}号小额贷款公司")
    [group] = [g for g in search(actor=world.lanshan["clerk"], text="同名", limit=2) if g.key == "institutions"]
    assert (len(group.hits), group.total, group.more_url) == (2, 3, "/institutions/?q=%E5%90%8C%E5%90%8D")
    [group] = [g for g in search(actor=world.lanshan["clerk"], text="同名", limit=3) if g.key == "institutions"]
    assert group.more_url is None  # all are shown
    for n in range(3):
        f.make_institution("371302", name=f"兰山区近名{n}号小额贷款公司")
    [group] = [g for g in search(actor=world.lanshan["clerk"], text="兰山近名", limit=2) if g.key == "institutions"]
    assert group.total == 3 and group.more_url is None  # a short name: the list would not find them all

"""The other kinds of matter registered today: an accountability case once closed (kept
permanently), a licensing application once decided (an approved termination permanently, an
approved change for 30 years), each with its files and their audit entries."""

import datetime

import pytest
from django.utils import timezone

from finsup.accountability import services as cases
from finsup.accountability.choices import Decision, StepKind
from finsup.accounts.models import User
from finsup.archives.package import package_build
from finsup.archives.services import matter_archive
from finsup.archives.verification import package_verify
from finsup.core.errors import InvalidTransition
from finsup.licensing import services as licensing
from finsup.licensing.choices import ApplicationStatus as S
from finsup.licensing.choices import ApplicationType, ChangeKind
from tests.documents.issuing import sign_all_open
from tests.factories import make_user
from tests.licensing.helpers import pdf


def _decided(world, application, **fields):
    licensing.application_step(
        by=world.lanshan["clerk"], application=application, to_status=S.COUNTY_PASSED, reason="齐全"
    )
    licensing.application_step(
        by=world.city["lead_supervisor"], application=application, to_status=S.CITY_PASSED, reason="符合条件"
    )
    licensing.application_step(
        by=world.city["leader"], application=application, to_status=S.FORWARDED, reason="报省审批"
    )
    sign_all_open()  # the city's request to the province, signed off before the matter is archived
    province = User.objects.filter(username="province_leader").first() or make_user(
        "province_leader", "leader", "370000"
    )
    return licensing.application_step(
        by=province,
        application=application,
        to_status=S.APPROVED,
        reason="同意",
        decision_doc_no=f"鲁金监许〔2026〕{application.pk}号",
        **fields,
    )


def test_a_decided_application_is_archived_by_its_county_with_its_documents(world):
    termination = licensing.application_file(
        by=world.clerk_lanshan_inst,
        type=ApplicationType.TERMINATE,
        description="股东会决议解散",
        documents=[("股东会决议", pdf(b"%PDF-1.4 dissolution", "决议.pdf"))],
    )
    with pytest.raises(InvalidTransition):  # filed, not decided
        matter_archive(by=world.lanshan["clerk"], kind="application", pk=termination.pk)
    _decided(world, termination, effective_on=timezone.localdate())
    entry = matter_archive(by=world.lanshan["clerk"], kind="application", pk=termination.pk)
    assert entry.retention == "Y" and entry.number.startswith("371302-") and entry.number.endswith("-Y-0001")
    # The application's attachment, and the city's request to the province (its document) with it.
    (item,) = entry.items.filter(role="attachment")
    assert entry.items.exclude(role="attachment").count() >= 1
    assert (item.role, item.title, item.name) == ("attachment", "股东会决议", "attachments/001-决议.pdf")
    assert item.audit_seq and item.source_type == "licensing.applicationdocument"
    assert package_verify(content=package_build(actor=world.lanshan["leader"], entry=entry)).ok

    change = licensing.application_file(
        by=world.clerk_lanshan_inst,
        type=ApplicationType.CHANGE,
        institution=world.inst_lanshan,
        change_kinds=[ChangeKind.ADDRESS],
        proposed_values={"address": "临沂市兰山区新地址1号"},
        resolution_date=timezone.localdate() - datetime.timedelta(days=3),
        description="变更住所",
        documents=[("股东会决议", pdf())],
    )
    _decided(world, change, effective_on=timezone.localdate())
    assert matter_archive(by=world.lanshan["leader"], kind="application", pk=change.pk).retention == "D30"


def test_a_closed_accountability_case_is_kept_permanently(world):
    leader = world.city["leader"]
    case = cases.case_open(
        by=leader,
        data={
            "subject_kind": "staff",
            "subject_user": world.lanshan["lead_supervisor"],
            "title": "未按月开展现场检查",
            "allegation": "连续两个月未开展现场检查。",
            "items": [24],
        },
    )
    cases.case_step(case=case, by=leader, step_kind=StepKind.STATEMENT, text="当事人陈述")
    cases.case_decide(case=case, by=leader, decision=Decision.CRITICISM, reasons="批评教育")
    with pytest.raises(InvalidTransition):  # decided, not closed
        matter_archive(by=world.city["clerk"], kind="case", pk=case.pk)
    cases.case_close(case=case, by=leader)
    with pytest.raises(InvalidTransition):  # its decision (处理决定) is not signed off yet
        matter_archive(by=world.city["clerk"], kind="case", pk=case.pk)
    sign_all_open()
    entry = matter_archive(by=world.city["clerk"], kind="case", pk=case.pk)
    assert entry.retention == "Y" and entry.number.startswith("371300-") and entry.reference == case.number
    assert entry.get_retention_display() == "永久" and entry.kind_label == "责任追究案件"

"""The request (请示) the city sends the province with an application it forwards: one matter
(the establishment, change or termination of one company), the facts of the file and the reviews,
the city's opinion, the application's documents as attachments."""

from __future__ import annotations

from finsup.documents import services as documents
from finsup.documents.requests import request_context

from .choices import ApplicationStatus, ApplicationType, ChangeKind

MATTERS = {
    ApplicationType.ESTABLISH: "设立{name}",
    ApplicationType.CHANGE: "{name}变更{changes}",
    ApplicationType.TERMINATE: "{name}终止经营",
}
TYPE_WORDS = {ApplicationType.ESTABLISH: "设立", ApplicationType.CHANGE: "变更", ApplicationType.TERMINATE: "终止"}
STEP_WORDS = {ApplicationStatus.COUNTY_PASSED: "县级初审意见", ApplicationStatus.CITY_PASSED: "市级审查意见"}
CHANGE_WORDS = {
    ChangeKind.NAME: "名称",
    ChangeKind.CAPITAL: "注册资本",
    ChangeKind.SHAREHOLDER: "持股5%以上股东",
    ChangeKind.EXECUTIVES: "董事、监事和高级管理人员",
    ChangeKind.ADDRESS: "住所",
    ChangeKind.SCOPE_REGION: "业务范围或经营区域",
}


def draft_request(application, *, by, opinion: str) -> int:
    """The request of the city (by's office) forwarding the application; its id."""
    name = application.subject_name
    matter = MATTERS[application.type].format(
        name=name, changes="、".join(CHANGE_WORDS[k] for k in application.change_kinds)
    )
    facts = [f"{application.county.name}报来{name}{TYPE_WORDS[application.type]}申请。{application.description}"]
    for event in application.events.filter(to_status__in=list(STEP_WORDS)).order_by("at", "id"):
        facts.append(f"{STEP_WORDS[event.to_status]}：{event.reason}")
    context = request_context(office=by.office, matter=matter, facts=facts, proposal=[opinion], basis="", contact=by)
    context["attachments"] = [d.title for d in application.documents.order_by("uploaded_at", "id")]
    document = documents.document_draft(
        kind="request",
        office=by.office,
        institution=application.institution,
        context=context,
        by=by,
        subject=application,
    )
    return document.pk

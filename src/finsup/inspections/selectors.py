"""Reads of on-site supervision, always starting from what the acting user may see."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from finsup.accounts.selectors import offices, staff_pick
from finsup.documents.selectors import documents_visible

from .choices import MeasureStatus
from .models import EvidenceFile, Finding, Inspection, Interview, IssuedDocument, Measure
from .services.inspections import TEAM_ROLES
from .services.interviews import INTERVIEWER_ROLES, RECORDER_ROLES
from .services.rectification import overdue_findings


def inspection_list(*, actor) -> QuerySet[Inspection]:
    return Inspection.objects.for_user(actor).select_related("institution__county", "office", "plan")


def inspection_get(*, actor, pk: int) -> Inspection:
    """The inspection if the actor may see it; Inspection.DoesNotExist otherwise."""
    return inspection_list(actor=actor).get(pk=pk)


def finding_list(*, actor, inspection: Inspection | None = None) -> QuerySet[Finding]:
    qs = Finding.objects.for_user(actor).select_related("inspection", "institution")
    return qs.filter(inspection=inspection) if inspection is not None else qs


def findings_overdue(*, actor, as_of: datetime.date) -> QuerySet[Finding]:
    """Findings the actor may see whose rectification is past its deadline and still owed."""
    return overdue_findings(as_of).filter(pk__in=Finding.objects.for_user(actor).values("pk")).order_by("deadline")


def measure_list(*, actor, status: str | None = None) -> QuerySet[Measure]:
    qs = Measure.objects.for_user(actor).select_related("institution", "decided_by", "proposed_by")
    return qs.filter(status=status) if status else qs


def measures_awaiting_decision(*, actor) -> QuerySet[Measure]:
    return measure_list(actor=actor, status=MeasureStatus.PROPOSED).order_by("proposed_at")


def measures_awaiting_province(*, actor) -> QuerySet[Measure]:
    """Measures only the province takes (V(2), revocation) whose request (请示) the city signed off
    and the province has not decided yet, oldest first."""
    from .choices import PROVINCE_DECIDES, PaperKind

    return (
        measure_list(actor=actor, status=MeasureStatus.DECIDED)
        .filter(kind__in=PROVINCE_DECIDES, province_decisions__isnull=True)
        .filter(documents__kind=PaperKind.REQUEST, documents__number__gt="")
        .distinct()
        .order_by("decided_at", "pk")
    )


def measures_decided_by_province(*, actor) -> QuerySet[Measure]:
    decided = measure_list(actor=actor).filter(province_decisions__isnull=False).distinct()
    return decided.prefetch_related("province_decisions").order_by("-decided_at", "-pk")


def province_decision_of(*, actor, measure: Measure):
    """The province's decision on the measure, if the actor may see it and there is one."""
    from .models import ProvinceDecision

    return (
        ProvinceDecision.objects.for_user(actor).select_related("decided_by", "office").filter(measure=measure).first()
    )


def interview_list(*, actor) -> QuerySet[Interview]:
    return Interview.objects.for_user(actor).select_related("institution", "lead_interviewer", "recorder")


def findings_awaiting_review(*, actor, reported_before: datetime.datetime) -> QuerySet[Finding]:
    """Findings the actor may see whose rectification report, the last filed before
    `reported_before`, still awaits the supervisor's review; annotated with `last_report` (when)."""
    from django.db.models import Max

    from .choices import FindingStatus

    return (
        Finding.objects.for_user(actor)
        .filter(status=FindingStatus.SUBMITTED)
        .annotate(last_report=Max("reports__submitted_at"))
        .filter(last_report__lt=reported_before)
    )


def findings_overdue_not_escalated(*, actor, as_of: datetime.date) -> QuerySet[Finding]:
    """Findings the actor may see whose rectification is overdue on `as_of` (overdue_findings) and
    that have no escalation on or after their deadline: nobody followed them up."""
    from django.db.models import Exists, OuterRef

    from .models import FindingEscalation

    escalated = FindingEscalation.objects.filter(finding=OuterRef("pk"), on_date__gte=OuterRef("deadline"))
    return (
        Finding.objects.for_user(actor).filter(pk__in=overdue_findings(as_of).values("pk")).exclude(Exists(escalated))
    )


def inspection_records_of(*, actor, institution, newest: int = 50) -> list[Inspection | Measure]:
    """The institution's inspections, then its measures, that the actor may see: the newest ``newest``
    of each kind, newest first (for other apps to link a record to them)."""
    return [
        *Inspection.objects.for_user(actor).filter(institution=institution).order_by("-pk")[:newest],
        *Measure.objects.for_user(actor).filter(institution=institution).order_by("-pk")[:newest],
    ]


# --- For the archive (finsup.archives, through inspections/archiving.py) ---------------------------


def inspection_for_archive(*, pk: int, lock: bool = False) -> Inspection | None:
    """The inspection with its office and institution (a system read: the archive checks the actor),
    its row locked for the caller's transaction when `lock`."""
    qs = Inspection.objects.select_related("institution", "office")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=pk).first()


def inspection_files(*, inspection: Inspection) -> QuerySet[EvidenceFile]:
    """Every working paper and evidence file of the inspection, the institution's rectification
    evidence included, in the order they came in."""
    return EvidenceFile.objects.filter(inspection=inspection).order_by("uploaded_at", "pk")


def inspection_visible(*, actor, pk: int) -> bool:
    return inspection_list(actor=actor).filter(pk=pk).exists()


# --- Staff pickers: only those the services accept --------------------------------------------------


def team_candidates(*, office) -> QuerySet:
    """Who may join an inspection team of `office`: its active inspectors and lead supervisors."""
    return staff_pick(offices=[office], roles=TEAM_ROLES)


def _offices_over(institution) -> list:
    return [o for o in offices() if o.contains(institution.county)]


def interviewer_candidates(*, institution) -> QuerySet:
    """Who may lead an interview of the institution: staff of an office over it who run interviews."""
    return staff_pick(offices=_offices_over(institution), roles=INTERVIEWER_ROLES)


def recorder_candidates(*, institution) -> QuerySet:
    """Who may keep an interview's record: the interviewers' roles and the clerks, of an office over it."""
    return staff_pick(offices=_offices_over(institution), roles=RECORDER_ROLES)


def issued_documents(*, actor, **record) -> list:
    """The documents recorded as issued for one inspection, measure or interview (record=…), each
    with `official`: the generated document the actor may open (its files, its PDF's state), or
    None."""
    issued = list(IssuedDocument.objects.for_user(actor).filter(**record))
    files = documents_visible(actor=actor, ids=[d.document_id for d in issued])
    for d in issued:
        d.official = files.get(d.document_id)
    return issued


def supervision_period_counts(*, office, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """The on-site supervision of the institutions within the office from ``start`` to before
    ``end``: inspections begun, findings ordered rectified, rectifications completed, interviews
    held, measures decided; and the findings still owing rectification and overdue on ``end`` (a
    system read for the office's own reports: no actor)."""
    from django.db.models import Q

    from .choices import OWING_STATUSES, FindingStatus

    under = {"institution__county__path__startswith": office.path}
    done = [FindingStatus.VERIFIED, FindingStatus.CLOSED]
    findings = Finding.objects.filter(**under)
    return {
        "inspections": Inspection.objects.filter(**under, started_at__gte=start, started_at__lt=end).count(),
        "rectification_notices": findings.filter(created_at__gte=start, created_at__lt=end)
        .values("inspection")
        .distinct()
        .count(),
        "findings": findings.filter(created_at__gte=start, created_at__lt=end).count(),
        "rectifications_completed": findings.filter(status__in=done, closed_at__gte=start, closed_at__lt=end).count(),
        "interviews": Interview.objects.filter(**under, held_at__gte=start, held_at__lt=end).count(),
        "measures": Measure.objects.filter(
            **under, status=MeasureStatus.DECIDED, decided_at__gte=start, decided_at__lt=end
        ).count(),
        "findings_owing": findings.filter(status__in=OWING_STATUSES).filter(Q(created_at__lt=end)).count(),
        "findings_overdue": findings.filter(status__in=OWING_STATUSES, deadline__lt=end.date()).count(),
    }

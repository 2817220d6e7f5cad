"""What each role's home page shows, computed from what the user may see."""

from django.db.models import Count

from finsup.accounts.choices import Role
from finsup.accounts.policies import Action, can
from finsup.accounts.selectors import offices_supervising
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.selectors import institution_scope
from finsup.monitoring.selectors import warning_summary


def dashboard_for(*, actor) -> dict:
    if actor.role == Role.INSTITUTION:
        return {"institution": actor.institution, "reports_due": _reports_due(actor.institution)}
    qs = institution_scope(actor=actor)
    by_kind = dict(qs.values_list("kind").annotate(n=Count("pk")).order_by())
    by_status = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    counties = list(offices_supervising().filter(path__startswith=actor.office.path).order_by("code"))
    cells = {(c, k): n for c, k, n in qs.values_list("county_id", "kind").annotate(n=Count("pk")).order_by()}
    chart = {
        "counties": [c.short_name for c in counties],
        "series": [
            {"name": str(kind.label), "data": [cells.get((c.pk, kind.value), 0) for c in counties]}
            for kind in InstitutionKind
        ],
        "status": [
            {"name": str(s.label), "value": by_status.get(s.value, 0), "code": s.value} for s in InstitutionStatus
        ],
    }
    queue = review_queue(actor=actor) if can(actor, Action.FILING_REVIEW) else None
    warnings = warning_summary(actor=actor, counties=counties) if can(actor, Action.WARNING_VIEW) else None
    if warnings is not None:
        chart["warnings"] = {"by_county": warnings["by_county"], "by_kind": warnings["by_kind"]}
    mine = qs.filter(lead_supervisor=actor).select_related("county") if actor.role == Role.LEAD_SUPERVISOR else None
    return {
        "total": sum(by_kind.values()),
        "kinds": [{"label": k.label, "value": by_kind.get(k.value, 0), "code": k.value} for k in InstitutionKind],
        "operating": by_status.get(InstitutionStatus.OPERATING, 0),
        "chart": chart,
        "queue": queue,
        "mine": mine,
        "warnings": warnings,
    }


def _reports_due(institution) -> list:
    """Reports missing past their deadline, then those due now: the in-platform reminder."""
    from finsup.reporting.obligations import reports_to_file

    return reports_to_file(institution=institution)[:12]


def review_queue(*, actor) -> dict:
    """Filings waiting for the actor's office, and filings overdue in its jurisdiction."""
    from finsup.reporting.obligations import missing_count
    from finsup.reporting.selectors import review_waiting

    status, waiting = review_waiting(actor=actor)
    missing = missing_count(actor=actor)
    return {"queue_status": status, "waiting": waiting.count() if status else 0, "missing": missing}

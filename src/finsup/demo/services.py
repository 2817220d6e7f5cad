"""Loading the demo data set: one transaction; the registry in bulk inserts with one audit entry
for the whole registry, then about two years of filings through the reporting services.

The registry services (`finsup.institutions.services`) audit each row; for ~3,000 generated rows
that would bury the audit trail in noise, so the registry is recorded once, with its counts. The
filings go through the filing and review services (`filings.filings_load`), which audit each
filing and each review step, as they would for real ones."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from finsup.accounts.choices import Role
from finsup.accounts.models import Office, User
from finsup.audit.choices import AuditAction
from finsup.audit.services import audit_record
from finsup.core import clock
from finsup.core.errors import ApplicationError
from finsup.core.personal_data import lookup_hash
from finsup.institutions.choices import InstitutionKind, InstitutionStatus
from finsup.institutions.models import (
    Institution,
    KeyPerson,
    RelatedParty,
    Shareholder,
    ShareholderGroup,
    StatusChange,
    TrainingRecord,
)

from .accountability import accountability_load
from .activity import load_activity
from .filings import filings_load
from .filings_timeline import EARLIEST_AS_OF
from .generate import DEFAULT_SEED, build_plan
from .loans import loans_load
from .logins import DEMO_USERNAMES, PASSWORD
from .outreach import outreach_load
from .plan import DemoPlan
from .relations import relations_load


class DemoDataPresent(ApplicationError):
    code = "demo_data_present"


class DemoDayTooEarly(ApplicationError):
    code = "demo_day_too_early"


@dataclass
class DemoLoadResult:
    loaded: bool
    seed: int
    as_of: datetime.date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    institution_login: str = ""  # the institution the institution demo login belongs to
    filings: dict[str, int] = field(default_factory=dict)


def demo_plan(*, seed: int = DEFAULT_SEED) -> DemoPlan:
    """The plan for this database's office tree, without saving anything."""
    return build_plan(seed=seed, supervising=list(Office.objects.supervising().values_list("code", flat=True)))


def demo_load(
    *,
    seed: int = DEFAULT_SEED,
    as_of: datetime.date | None = None,
    if_empty: bool = False,
    with_filings: bool = True,
) -> DemoLoadResult:
    """Load the demo data set into an empty registry, its history dated relative to `as_of`
    (by default today, by the clock): filings up to the last closed period, warnings, outreach and
    cases each at a plausible moment before that day. The same seed and day give the same data.

    With `if_empty`, a registry that already has institutions is left alone (loaded=False);
    without it, that is an error. Nothing is ever deleted. `with_filings=False` loads the registry
    only (the benchmarks file their own reports).

    The registry is saved in one transaction; the filings then commit step by step (each
    institution's batch, each county's acceptance, each review), like the services they go
    through. One transaction for all of it would make PostgreSQL crawl: every audit entry
    updates the one row holding the head of the hash chain, and thousands of updates of one row
    inside one transaction leave a version chain that each later update has to walk."""
    as_of = as_of or clock.today()
    if as_of < EARLIEST_AS_OF:
        raise DemoDayTooEarly(f"The demo's day can be no earlier than {EARLIEST_AS_OF}; the demo data was not loaded.")
    with transaction.atomic():
        if Institution.objects.exists():
            if if_empty:
                return DemoLoadResult(loaded=False, seed=seed)
            raise DemoDataPresent("The registry already holds institutions; the demo data was not loaded.")
        plan = demo_plan(seed=seed)
        taken = sorted(User.objects.filter(username__in=_usernames(plan)).values_list("username", flat=True))
        if taken:
            raise DemoDataPresent(f"Users {', '.join(taken[:5])} already exist; the demo data was not loaded.")
        counts, login_institution = _save(plan)
        result = DemoLoadResult(
            loaded=True,
            seed=seed,
            as_of=as_of,
            counts=counts,
            institution_login=login_institution,
            kinds=_ordered_counts(InstitutionKind, (i.kind for i in plan.institutions)),
            statuses=_ordered_counts(InstitutionStatus, (i.status for i in plan.institutions)),
        )
        audit_record(
            action=AuditAction.IMPORT,
            object_type="demo",
            object_id=str(seed),
            object_repr=f"Demo data set (seed {seed})",
            changes={"seed": seed, "as_of": as_of.isoformat(), "counts": counts, "kinds": result.kinds},
        )
    if with_filings:
        result.filings = filings_load(registry=plan, as_of=as_of)
        result.filings |= loans_load(seed=seed, as_of=as_of)
        result.filings |= relations_load(seed=seed, as_of=as_of)
        result.filings |= outreach_load(seed=seed, as_of=as_of)
        result.filings |= accountability_load(seed=seed, as_of=as_of)
        result.filings |= load_activity(as_of=as_of, seed=seed)
    return result


def _ordered_counts(choices, values) -> dict[str, int]:
    counts = Counter(values)
    return {str(c.value): counts[c] for c in choices if counts[c]}


def _usernames(plan: DemoPlan) -> list[str]:
    return [s.username for s in plan.staff] + [i.user_username for i in plan.institutions if i.user_username]


def _save(plan: DemoPlan) -> tuple[dict[str, int], str]:
    offices = {o.code: o for o in Office.objects.all()}
    _save_offices(plan, offices)
    demo_hash = make_password(PASSWORD)  # once: Argon2 for every demo login would take seconds each
    staff = _save_staff(plan, offices, demo_hash)
    institutions = Institution.objects.bulk_create(
        [
            Institution(
                credit_code=p.credit_code,
                name=p.name,
                kind=p.kind,
                county=offices[p.county_code],
                registered_capital=p.registered_capital,
                paid_in_capital=p.paid_in_capital,
                established_on=p.established_on,
                approved_on=p.approved_on,
                approval_doc_no=p.approval_doc_no,
                status=p.status,
                legal_representative=p.legal_representative,
                address=p.address,
                contact_phone=p.contact_phone,
                lead_supervisor=staff[p.lead_supervisor],
                lead_supervisor_filed_on=p.lead_supervisor_filed_on,
            )
            for p in plan.institutions
        ]
    )
    pairs = list(zip(plan.institutions, institutions, strict=True))
    Region = Institution.business_region.through
    Region.objects.bulk_create(
        [Region(institution=inst, office=offices[code]) for p, inst in pairs for code in p.region_codes]
    )
    StatusChange.objects.bulk_create(
        [
            StatusChange(
                institution=inst,
                from_status=s.from_status,
                to_status=s.to_status,
                effective_on=s.effective_on,
                reason=s.reason,
                document_no=s.document_no,
                recorded_by=staff[p.lead_supervisor],
            )
            for p, inst in pairs
            for s in p.history
        ]
    )
    groups = ShareholderGroup.objects.bulk_create(
        [
            ShareholderGroup(institution=inst, name=g.name, basis=g.basis, note=g.note)
            for p, inst in pairs
            for g in p.shareholder_groups
        ]
    )
    group_of = {(g.institution_id, g.name): g for g in groups}
    Shareholder.objects.bulk_create(
        [
            Shareholder(
                institution=inst,
                related_group=group_of.get((inst.pk, h.group)),
                name=h.name,
                holder_type=h.holder_type,
                id_number=h.id_number,
                id_number_hash=lookup_hash(h.id_number) if h.id_number else "",
                credit_code=h.credit_code,
                stake=h.stake,
                subscribed_capital=h.subscribed_capital,
                since=h.since,
            )
            for p, inst in pairs
            for h in p.shareholders
        ]
    )
    RelatedParty.objects.bulk_create(
        [
            RelatedParty(institution=inst, name=r.name, relation=r.relation, credit_code=r.credit_code, note=r.note)
            for p, inst in pairs
            for r in p.related_parties
        ]
    )
    person_plans = [k for p in plan.institutions for k in p.key_persons]
    persons = KeyPerson.objects.bulk_create(
        [
            KeyPerson(
                institution=inst,
                name=k.name,
                position=k.position,
                id_number=k.id_number,
                id_number_hash=lookup_hash(k.id_number),
                phone=k.phone,
                approval_status=k.approval_status,
                approval_doc_no=k.approval_doc_no,
                approved_on=k.approved_on,
                took_office_on=k.took_office_on,
            )
            for p, inst in pairs
            for k in p.key_persons
        ]
    )
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(
                key_person=person,
                course=t.course,
                organizer=t.organizer,
                attended_on=t.attended_on,
                hours=t.hours,
                certificate_no=t.certificate_no,
            )
            for k, person in zip(person_plans, persons, strict=True)
            for t in k.trainings
        ]
    )
    users = _save_institution_users(pairs, demo_hash)
    login_institution = next((inst.name for p, inst in pairs if p.user_username), "")
    counts = {
        "institutions": len(institutions),
        "staff": sum(1 for s in plan.staff if s.role != Role.OVERSIGHT),
        "oversight_users": sum(1 for s in plan.staff if s.role == Role.OVERSIGHT),
        "institution_users": users,
        "shareholders": sum(len(p.shareholders) for p in plan.institutions),
        "related_parties": sum(len(p.related_parties) for p in plan.institutions),
        "key_persons": len(persons),
        "training_records": sum(len(k.trainings) for k in person_plans),
        "status_changes": sum(len(p.history) for p in plan.institutions),
    }
    return counts, login_institution


def _save_offices(plan: DemoPlan, offices: dict[str, Office]) -> None:
    """Fill in contact details an office lacks; what is already there (the city's phone) stays."""
    changed = []
    for info in plan.offices:
        office = offices[info.code]
        if not office.supervision_phone or not office.address:
            office.supervision_phone = office.supervision_phone or info.supervision_phone
            office.address = office.address or info.address
            changed.append(office)
    Office.objects.bulk_update(changed, ["supervision_phone", "address"])


def _save_staff(plan: DemoPlan, offices: dict[str, Office], demo_hash: str) -> dict[str, User]:
    users = []
    for member in plan.staff:
        user = User(
            username=member.username,
            role=member.role,
            office=offices[member.office_code],
            display_name=member.display_name,
            work_phone=member.work_phone,
            oversight_body=member.oversight_body,
        )
        _set_password(user, demo_hash)
        users.append(user)
    User.objects.bulk_create(users)
    return {u.username: u for u in users}


def _save_institution_users(pairs, demo_hash: str) -> int:
    users = []
    for p, inst in pairs:
        user = User(
            username=p.user_username or f"inst_{inst.pk}",
            role=Role.INSTITUTION,
            institution=inst,
            display_name=p.user_display_name,
            work_phone=inst.contact_phone,
        )
        _set_password(user, demo_hash)
        users.append(user)
    User.objects.bulk_create(users)
    return len(users)


def _set_password(user: User, demo_hash: str) -> None:
    """Only the demo logins can log in; every other generated account has an unusable password."""
    if user.username in DEMO_USERNAMES:
        validate_password(PASSWORD, user)
        user.password = demo_hash
    else:
        user.set_unusable_password()

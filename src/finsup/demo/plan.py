"""The demo data set as plain values, built before anything is saved (see `generate.build_plan`).

Keeping the plan free of the ORM lets tests compare two plans from the same seed without a
database round trip, and lets the loader write everything with a handful of bulk inserts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class OfficeInfo:
    code: str
    supervision_phone: str
    address: str


@dataclass
class StaffPlan:
    username: str
    role: str
    office_code: str
    display_name: str
    work_phone: str
    oversight_body: str = ""  # users of the oversight role only


@dataclass
class StatusStep:
    from_status: str
    to_status: str
    effective_on: datetime.date
    reason: str
    document_no: str = ""


@dataclass
class ShareholderPlan:
    name: str
    holder_type: str
    stake: Decimal
    subscribed_capital: Decimal
    since: datetime.date
    id_number: str = ""
    credit_code: str = ""
    group: str = ""  # the name of its related shareholder group, if any


@dataclass
class ShareholderGroupPlan:
    name: str
    basis: str
    note: str = ""


@dataclass
class RelatedPartyPlan:
    name: str
    relation: str
    note: str
    credit_code: str = ""


@dataclass
class TrainingPlan:
    course: str
    organizer: str
    attended_on: datetime.date
    hours: Decimal
    certificate_no: str = ""


@dataclass
class KeyPersonPlan:
    name: str
    position: str
    id_number: str
    phone: str
    approval_status: str
    approval_doc_no: str = ""
    approved_on: datetime.date | None = None
    took_office_on: datetime.date | None = None
    trainings: list[TrainingPlan] = field(default_factory=list)


@dataclass
class InstitutionPlan:
    name: str
    kind: str
    county_code: str
    credit_code: str
    registered_capital: Decimal
    paid_in_capital: Decimal
    approved_on: datetime.date
    established_on: datetime.date
    approval_doc_no: str
    status: str
    address: str
    contact_phone: str
    region_codes: list[str]
    legal_representative: str = ""
    lead_supervisor: str = ""  # a StaffPlan username
    lead_supervisor_filed_on: datetime.date | None = None
    history: list[StatusStep] = field(default_factory=list)
    shareholders: list[ShareholderPlan] = field(default_factory=list)
    shareholder_groups: list[ShareholderGroupPlan] = field(default_factory=list)
    related_parties: list[RelatedPartyPlan] = field(default_factory=list)
    key_persons: list[KeyPersonPlan] = field(default_factory=list)
    user_username: str = ""  # empty: inst_<pk>, given once the row exists
    user_display_name: str = ""


@dataclass
class DemoPlan:
    seed: int
    offices: list[OfficeInfo]
    staff: list[StaffPlan]
    institutions: list[InstitutionPlan]

"""Shareholders, related parties and key persons (with training) of one planned institution."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from faker import Faker

from finsup.institutions.choices import (
    ApprovalStatus,
    HolderType,
    InstitutionKind,
    InstitutionStatus,
    Position,
    Relation,
)

from . import holdings
from .identifiers import Mint
from .plan import InstitutionPlan, KeyPersonPlan, RelatedPartyPlan, ShareholderPlan, TrainingPlan
from .vocab import AREAS, AS_OF, COURSES, ENTERPRISE_FORMS, INDUSTRIES, STATE_HOLDERS, TRADE_WORDS

CENT = Decimal("0.01")
POSITION_ZH = {
    Position.CHAIRMAN: "董事长",
    Position.DIRECTOR: "董事",
    Position.SUPERVISOR: "监事",
    Position.GENERAL_MANAGER: "总经理",
    Position.DEPUTY_GM: "副总经理",
    Position.CFO: "财务负责人",
    Position.RISK_OFFICER: "风控负责人",
}
# Executives need the office's fit-and-proper approval; directors and supervisors are often only filed.
_EXECUTIVES = {Position.CHAIRMAN, Position.GENERAL_MANAGER, Position.DEPUTY_GM, Position.CFO, Position.RISK_OFFICER}
_EXTRA_POSITIONS = [
    Position.DIRECTOR,
    Position.DIRECTOR,
    Position.DIRECTOR,
    Position.SUPERVISOR,
    Position.SUPERVISOR,
    Position.DEPUTY_GM,
    Position.CFO,
    Position.RISK_OFFICER,
]
_POSITION_ORDER = list(POSITION_ZH)


def day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


class PeopleMaker:
    def __init__(self, rng: random.Random, fake: Faker, mint: Mint):
        self.rng, self.fake, self.mint = rng, fake, mint

    def enterprise(self, county_code: str, year: int) -> tuple[str, str]:
        """A Linyi enterprise name and its credit code; a name met again keeps its code."""
        rng = self.rng
        place, area = rng.choice([("临沂", "371300"), ("山东", "370000"), (AREAS[county_code]["prefix"], county_code)])
        name = f"{place}{rng.choice(TRADE_WORDS)}{rng.choice(INDUSTRIES)}{rng.choice(ENTERPRISE_FORMS)}"
        return name, self.mint.enterprise_code(name, area, min(year - rng.randrange(0, 8), 2015))

    # -- Shareholders -------------------------------------------------------------------------

    def shareholders(self, inst: InstitutionPlan, *, seed: int, breach: str = "") -> list[ShareholderPlan]:
        """``breach``: how a private capital manager breaches the main-investor rule, if it does
        (holdings.BREACHES); the stakes and groups draw from their own generator."""
        rng, year = self.rng, inst.established_on.year
        count = rng.randint(2, 6)
        weights = sorted((rng.uniform(1, 10) for _ in range(count)), reverse=True)
        weights[0] *= rng.uniform(1.0, 2.5)  # a main initiator usually holds clearly more
        stakes = [(Decimal(w * 100 / sum(weights))).quantize(CENT) for w in weights]
        stakes = [max(s, Decimal("1.00")) for s in stakes]
        stakes[0] = Decimal(100) - sum(stakes[1:])
        own = random.Random(f"{seed}-holdings-{inst.credit_code}")
        if inst.kind == InstitutionKind.PRIVATE_CAPITAL:
            stakes = holdings.main_investor_stakes(stakes, own, breach)
        holders, names = [], {inst.name}
        for i, stake in enumerate(stakes):
            subscribed = (inst.registered_capital * stake / 100).quantize(CENT)
            since = inst.established_on if rng.random() < 0.8 else day_between(rng, inst.established_on, AS_OF)
            holder = ShareholderPlan(
                name="", holder_type=HolderType.PERSON, stake=stake, subscribed_capital=subscribed, since=since
            )
            if i == 0 and inst.kind == InstitutionKind.GUARANTEE and rng.random() < 0.35:
                holder.holder_type = HolderType.STATE
                holder.name = AREAS[inst.county_code]["prefix"] + rng.choice(STATE_HOLDERS)
                holder.credit_code = self.mint.enterprise_code(holder.name, inst.county_code, 2012)
            elif rng.random() < (0.6 if i == 0 else 0.45):
                holder.holder_type = HolderType.ENTERPRISE
                while not holder.name or holder.name in names:
                    holder.name, holder.credit_code = self.enterprise(inst.county_code, year)
            else:
                while not holder.name or holder.name in names:
                    holder.name = self.fake.name()
                holder.id_number = self._adult_id(since, age=22)
            names.add(holder.name)
            holders.append(holder)
        holders[0].subscribed_capital += inst.registered_capital - sum(h.subscribed_capital for h in holders)
        group = holdings.related_group(inst, holders, own, breach)
        inst.shareholder_groups = [group] if group else []
        return holders

    # -- Key persons --------------------------------------------------------------------------

    def key_persons(self, inst: InstitutionPlan) -> list[KeyPersonPlan]:
        rng = self.rng
        positions = [Position.CHAIRMAN, Position.GENERAL_MANAGER]
        positions += rng.sample(_EXTRA_POSITIONS, rng.randint(2, 6))
        positions.sort(key=_POSITION_ORDER.index)
        return [self._key_person(inst, position) for position in positions]

    def _key_person(self, inst: InstitutionPlan, position: str) -> KeyPersonPlan:
        rng = self.rng
        name, phone = self.fake.name(), self.mint.mobile() if rng.random() < 0.95 else ""
        if inst.status == InstitutionStatus.PREPARING or rng.random() < 0.05:
            # Appointed, awaiting the office's decision, not yet in office.
            return KeyPersonPlan(
                name=name,
                position=position,
                id_number=self._adult_id(AS_OF),
                phone=phone,
                approval_status=ApprovalStatus.PENDING,
            )
        founding = rng.random() < 0.7
        start = (
            inst.established_on - datetime.timedelta(days=rng.randrange(5, 15))
            if founding
            else day_between(rng, inst.established_on, AS_OF - datetime.timedelta(days=90))
        )
        start = max(start, inst.approved_on + datetime.timedelta(days=1))
        person = KeyPersonPlan(
            name=name,
            position=position,
            id_number=self._adult_id(start),
            phone=phone,
            approval_status=ApprovalStatus.FILED,
        )
        if position in _EXECUTIVES or rng.random() < 0.5:
            person.approval_status = ApprovalStatus.APPROVED
            person.approved_on = start
            person.approval_doc_no = self.mint.doc_no("临金办字", start.year)
        person.took_office_on = max(start + datetime.timedelta(days=rng.randrange(1, 20)), inst.established_on)
        person.trainings = self.trainings(inst, person.took_office_on)
        return person

    def _adult_id(self, on: datetime.date, age: int = 25) -> str:
        """The ID number of someone at least `age` years old on that day (born 1955–1995)."""
        born_to = min(1995, on.year - age)
        return self.mint.id_number(born_from=min(1955, born_to - 10), born_to=born_to)

    def trainings(self, inst: InstitutionPlan, since: datetime.date) -> list[TrainingPlan]:
        rng = self.rng
        courses = [c for c in COURSES if c[2] in ("", inst.kind)]
        records = []
        for course, organizer, _kind in rng.sample(courses, rng.randint(0, 3)):
            day = day_between(rng, since, AS_OF)
            cert = f"LJP{day.year}{rng.randrange(1, 10000):04d}" if rng.random() < 0.6 else ""
            records.append(
                TrainingPlan(
                    course=course,
                    organizer=organizer,
                    attended_on=day,
                    hours=Decimal(rng.choice([4, 8, 12, 16, 24])).quantize(Decimal("0.1")),
                    certificate_no=cert,
                )
            )
        return sorted(records, key=lambda r: r.attended_on)

    # -- Related parties ----------------------------------------------------------------------

    def related_parties(self, inst: InstitutionPlan) -> list[RelatedPartyPlan]:
        rng = self.rng
        enterprises = [h for h in inst.shareholders if h.credit_code]
        chairman = inst.key_persons[0]
        options = [Relation.CONTROLLER, Relation.CONTROLLED, Relation.KEY_PERSON, Relation.RELATIVE, Relation.OTHER]
        if enterprises:
            options.append(Relation.SHAREHOLDER)
        parties = []
        for relation in rng.sample(options, rng.randint(1, 4)):
            if relation == Relation.SHAREHOLDER:
                holder = enterprises[0]
                parties.append(
                    RelatedPartyPlan(
                        name=holder.name,
                        relation=relation,
                        credit_code=holder.credit_code,
                        note=f"持有本公司{holder.stake}%股权的股东",
                    )
                )
            elif relation == Relation.CONTROLLER:
                parties.append(
                    RelatedPartyPlan(
                        name=self.fake.name(), relation=relation, note="通过控股股东间接控制本公司的实际控制人"
                    )
                )
            elif relation == Relation.CONTROLLED:
                holder = rng.choice(inst.shareholders)
                name, code = self._new_enterprise(inst, parties)
                parties.append(
                    RelatedPartyPlan(
                        name=name, relation=relation, credit_code=code, note=f"股东{holder.name}控股的企业"
                    )
                )
            elif relation == Relation.KEY_PERSON:
                person = rng.choice(inst.key_persons)
                parties.append(
                    RelatedPartyPlan(name=person.name, relation=relation, note=f"本公司{POSITION_ZH[person.position]}")
                )
            elif relation == Relation.RELATIVE:
                kin = rng.choice(["配偶", "子女", "兄弟", "父亲"])
                parties.append(
                    RelatedPartyPlan(name=self.fake.name(), relation=relation, note=f"董事长{chairman.name}之{kin}")
                )
            else:
                name, code = self._new_enterprise(inst, parties)
                parties.append(
                    RelatedPartyPlan(
                        name=name,
                        relation=relation,
                        credit_code=code,
                        note="与本公司主要股东受同一实际控制人控制的企业",
                    )
                )
        return parties

    def _new_enterprise(self, inst: InstitutionPlan, parties: list[RelatedPartyPlan]) -> tuple[str, str]:
        """An enterprise that is not already a shareholder or related party of the institution."""
        taken = {h.name for h in inst.shareholders} | {p.name for p in parties}
        while True:
            name, code = self.enterprise(inst.county_code, inst.established_on.year)
            if name not in taken:
                return name, code

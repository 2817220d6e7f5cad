"""The demo's resident institutions and partner departments (finsup.partners) and the city's monthly
financial operation analysis (finsup.analysis, item ①).

The city's clerk registered the banks, insurers, the securities firm, the finance company and the
partner departments of data/partners.toml some eight months before the demo's date, and recorded the
major matters the office followed. Each bank and insurer has a statistics user (the 临商银行 one is the
demo login `bank_clerk`). For each of the six months before the demo's month the city asked for the
figures early in the month after; every institution answered within the deadline and the city's
clerk drafted the month's analysis the day after it, signed off as every demo document. The last
month was asked for three working days before the demo's date: all have answered but 临商银行, whose
login finds the survey waiting. Amounts grow a little each month, drawn from the world's seed."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password

from finsup.accounts.choices import Role
from finsup.accounts.models import User
from finsup.accounts.selectors import offices_by_code
from finsup.analysis import services as analysis
from finsup.partners import services as partners
from finsup.partners.selectors import partner_list
from finsup.surveys import services as surveys
from finsup.surveys.selectors import requests_received

from .activity_time import acting, office_moment, working_days_after, working_days_before
from .activity_world import CITY, World
from .logins import PASSWORD

DATA = Path(__file__).resolve().parent / "data" / "partners.toml"
REGISTER_BACK = 170  # working days before the demo's date the register was set up
MONTHS = 6
YI = Decimal(10000)  # 亿元 in 万元
CENT = Decimal("0.01")


def read_data(path: Path = DATA) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass
class PlannedMonth:
    month: datetime.date
    opened: datetime.datetime
    deadline: datetime.date
    answers: list = field(default_factory=list)  # (partner name, moment, values in 万元)
    drafted: datetime.datetime | None = None


@dataclass
class PartnersPlan:
    data: dict
    registered: datetime.datetime
    matters: list  # (spec, moment)
    months: list[PlannedMonth]

    @property
    def moments(self) -> list[datetime.datetime]:
        """Every step's moment (as the other subjects' plans)."""
        found = [self.registered, *(moment for _spec, moment in self.matters)]
        for m in self.months:
            found += [m.opened, *(moment for _name, moment, _values in m.answers)]
            found += [m.drafted] if m.drafted else []
        return found


def _months_before(as_of: datetime.date, n: int) -> list[datetime.date]:
    first = as_of.replace(day=1)
    found = []
    for _ in range(n):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
        found.append(first)
    return list(reversed(found))


def _bank_values(spec: dict, k: int, month: datetime.date, growth: dict) -> dict:
    g_dep, g_loan = growth[spec["name"]]
    deposits = Decimal(str(spec["deposits"])) * YI * (1 + g_dep) ** k
    loans = Decimal(str(spec["loans"])) * YI * (1 + g_loan) ** k
    npl = loans * Decimal(str(spec["npl_ratio"])) * (1 - Decimal("0.004") * k)
    new = loans * Decimal("0.075") * month.month / 12
    values = {"deposits": deposits, "loans": loans, "loans_new": new, "npl": npl}
    values["agri_loans"] = loans * Decimal(str(spec.get("agri_share", 0.24)))
    values["small_loans"] = loans * Decimal("0.17")
    return {key: str(v.quantize(CENT)) for key, v in values.items()}


def _insurer_values(spec: dict, month: datetime.date, noise: Decimal) -> dict:
    premiums = Decimal(str(spec["premiums"])) * YI * month.month / 12 * noise
    claims = premiums * Decimal(str(spec["claims_ratio"]))
    return {"premiums": str(premiums.quantize(CENT)), "claims": str(claims.quantize(CENT))}


def plan_partners(world: World) -> list[PartnersPlan]:
    data = read_data()
    as_of = world.as_of
    registered = office_moment(working_days_before(as_of, REGISTER_BACK), 9 * 60 + 20)
    matters = [
        (m, office_moment(working_days_before(as_of, m["back"]), 10 * 60 + world.rng.randrange(90)))
        for m in data["matter"]
    ]
    growth = {
        p["name"]: (Decimal(world.rng.randrange(20, 110)) / 10000, Decimal(world.rng.randrange(30, 120)) / 10000)
        for p in data["partner"]
    }
    answering = [p for p in data["partner"] if p["kind"] in ("bank", "insurer")]
    months = []
    for k, month in enumerate(_months_before(as_of, MONTHS)):
        last = k == MONTHS - 1
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)
        open_day = working_days_before(as_of, 3) if last else working_days_after(next_month, 2)
        deadline = working_days_after(as_of, 5) if last else working_days_after(open_day, 10)
        planned = PlannedMonth(month, office_moment(open_day, 9 * 60 + 5), deadline)
        for n, spec in enumerate(answering):
            if last and spec.get("login"):
                continue  # the login's own survey waits for it
            room = 2 if last else 8
            day = working_days_after(open_day, 1 + (n + k) % room)
            if last:
                day = min(day, working_days_before(as_of, 1))
            minute = 9 * 60 + world.rng.randrange(0, 420)
            if spec["kind"] == "bank":
                values = _bank_values(spec, k, month, growth)
            else:
                values = _insurer_values(spec, month, Decimal(world.rng.randrange(96, 104)) / 100)
            planned.answers.append((spec["name"], office_moment(day, minute), values))
        if not last:
            planned.drafted = office_moment(working_days_after(deadline, 1), 15 * 60 + 10)
        months.append(planned)
    return [PartnersPlan(data, registered, matters, months)]


def _users(data: dict, found: dict) -> dict:
    """A statistics user of each bank and insurer (the demo login with the demo password)."""
    demo_hash = make_password(PASSWORD)
    users = {}
    for n, spec in enumerate(p for p in data["partner"] if p["kind"] in ("bank", "insurer")):
        user = User(
            username=spec.get("login") or f"partner_{n + 1}",
            role=Role.PARTNER,
            partner=found[spec["name"]],
            display_name=spec["contact_person"],
        )
        if spec.get("login"):
            user.password = demo_hash
        else:
            user.set_unusable_password()
        user.save()
        users[spec["name"]] = user
    return users


def load_partners(world: World, plans: list[PartnersPlan]) -> dict[str, int]:
    (plan,) = plans
    clerk = world.staff(CITY, "clerk")
    offices = {o.code: o for o in offices_by_code({p["county"] for p in plan.data["partner"]})}
    with acting(clerk, plan.registered):
        for n, spec in enumerate(plan.data["partner"]):
            partners.partner_create(
                by=clerk,
                county=offices[spec["county"]],
                data={
                    "name": spec["name"],
                    "kind": spec["kind"],
                    "head_office": spec.get("head_office", ""),
                    "city_owned": spec.get("city_owned", False),
                    "contact_person": spec.get("contact_person", ""),
                    "contact_phone": f"0539-87{n + 10:02d}{world.rng.randrange(1000, 9999)}",
                },
            )
    found = {p.name: p for p in partner_list(actor=clerk)}
    users = _users(plan.data, found)
    for spec, moment in plan.matters:
        with acting(clerk, moment):
            partners.matter_record(
                by=clerk,
                partner=found[spec["partner"]],
                occurred_on=moment.date(),
                kind=spec["kind"],
                summary=spec["summary"],
                action=spec.get("action", ""),
            )
    answered = drafted = 0
    for planned in plan.months:
        with acting(clerk, planned.opened):
            month = analysis.month_open(by=clerk, office=clerk.office, month=planned.month, deadline=planned.deadline)
        for name, moment, values in sorted(planned.answers, key=lambda a: a[1]):
            user = users[name]
            recipient = requests_received(actor=user).get(survey__in=[s.survey for s in month.surveys.all()])
            with acting(user, moment):
                surveys.answer_submit(recipient=recipient, by=user, raw=values, channel="web")
            answered += 1
        if planned.drafted is not None:
            with acting(clerk, planned.drafted):
                analysis.analysis_draft(by=clerk, month=month)
            drafted += 1
    return {
        "partners": len(found),
        "partner_matters": len(plan.matters),
        "analysis_months": len(plan.months),
        "analysis_answers": answered,
        "analysis_documents": drafted,
    }

"""The demo's listing reserve (finsup.listing, duties ⑮⑯⑰): some ten companies of several counties
entered by their county's clerk about a year and a half before the demo's date, each moved through
the stages on the days the programme says (one listed with its stock code and the amount raised,
one withdrawn after its application), the city's subsidies granted and paid, the city office's
opinion on the listed company's application (drafted by the city's clerk, checked and signed off
as every demo document is) and a restructuring of the listed company followed. The programme is
data (data/listing.toml); everything is written through the services at office hours."""

from __future__ import annotations

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from finsup.listing import services
from finsup.listing.selectors import companies

from .activity_time import acting, office_moment, working_days_before
from .activity_world import World

PROGRAMME = Path(__file__).resolve().parent / "data" / "listing.toml"
ENTERED_BACK = 380  # working days before the demo's date the companies entered the reserve
CITY = "371300"


def read_programme(path: Path = PROGRAMME) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["company"]


@dataclass
class PlannedCompany:
    spec: dict
    entered: datetime.datetime
    steps: list[tuple[str, dict, datetime.datetime]] = field(default_factory=list)  # (what, spec, moment)

    @property
    def moments(self) -> list[datetime.datetime]:
        return [self.entered] + [m for _what, _spec, m in self.steps]


def plan_listing(world: World) -> list[PlannedCompany]:
    def moment(back: int, n: int) -> datetime.datetime:
        return office_moment(working_days_before(world.as_of, back), 9 * 60 + 30 + n * 7 + world.rng.randrange(0, 5))

    planned = []
    for n, spec in enumerate(read_programme()):
        plan = PlannedCompany(spec, moment(ENTERED_BACK, n))
        steps = [("stage", s, moment(s["back"], n)) for s in spec["stages"]]
        for subsidy in spec.get("subsidies", []):
            steps.append(("subsidy", subsidy, moment(subsidy["back"], n)))
            steps += [("payment", p, moment(p["back"], n) + datetime.timedelta(hours=1)) for p in subsidy["payments"]]
        if "opinion" in spec:
            steps.append(("opinion", spec["opinion"], moment(spec["opinion"]["back"], n) + datetime.timedelta(hours=2)))
        for r in spec.get("restructurings", []):
            steps.append(("restructuring", r, moment(r["back"], n)))
            steps += [("update", u, moment(u["back"], n) + datetime.timedelta(hours=1)) for u in r["updates"]]
        plan.steps = sorted(steps, key=lambda s: s[2])
        planned.append(plan)
    return planned


def load_listing(world: World, plan: list[PlannedCompany]) -> dict[str, int]:
    counts = {"listing_companies": 0, "listing_stages": 0, "listing_payments": 0, "listing_opinions": 0}
    for planned in plan:
        spec = planned.spec
        clerk = world.staff(spec["office"], "clerk")
        with acting(clerk, planned.entered) as at:
            company = services.company_register(
                by=clerk,
                office=clerk.office,
                name=spec["name"],
                credit_code=spec["credit_code"],
                board=spec["board"],
                entered_on=at.date(),
                evidence="列入临沂市上市后备资源库的通知",
                industry=spec["industry"],
                sponsor=spec["sponsor"],
                contact=spec["contact"],
            )
        counts["listing_companies"] += 1
        state = {"company": company, "subsidy": None, "restructuring": None}
        for what, step, moment in planned.steps:
            user = world.staff(CITY, "clerk") if what == "opinion" else clerk
            with acting(user, moment):
                _step(user, what, step, moment.date(), state)
            key = {"stage": "listing_stages", "payment": "listing_payments", "opinion": "listing_opinions"}.get(what)
            if key:
                counts[key] += 1
    return counts


def _step(user, what: str, step: dict, day: datetime.date, state: dict) -> None:
    company = companies(actor=user).get(pk=state["company"].pk)
    if what == "stage":
        state["company"] = services.company_stage_move(
            by=user,
            company=company,
            to_stage=step["stage"],
            happened_on=day,
            evidence=step["evidence"],
            stock_code=step.get("stock_code", ""),
            ipo_amount=step.get("ipo"),
        )
    elif what == "subsidy":
        state["subsidy"] = services.subsidy_grant(
            by=user,
            company=company,
            basis=step["basis"],
            for_stage=step["for_stage"],
            amount=step["amount"],
            granted_on=day,
        )
    elif what == "payment":
        services.subsidy_pay(
            by=user, subsidy=state["subsidy"], amount=step["amount"], paid_on=day, voucher=step["voucher"]
        )
    elif what == "opinion":
        services.opinion_draft(by=user, company=company, facts=step["facts"], opinion_text=step["opinion"])
    elif what == "restructuring":
        state["restructuring"] = services.restructuring_add(
            by=user,
            company=company,
            kind=step["kind"],
            office_role=step["role"],
            counterparty=step["counterparty"],
            amount=step.get("amount"),
            started_on=day,
            notes=step.get("notes", ""),
        )
    else:
        services.restructuring_update(
            by=user, restructuring=state["restructuring"], status=step["status"], happened_on=day, note=step["note"]
        )

"""The province in the demo (issue 18): the city asks it twice (请示) and it has decided once. A V(2)
rating of a microloan company, requested by the city a month ago, approved by the province's leader;
the revocation of another company's pilot status, requested last week, waiting for its decision.
Together with last year's rating cycle the city finalised (its results wait for the province's final
decision), the provincial logins find something waiting and something decided. The requests are
signed off by the city like every document of the demo (activity_signoff)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from finsup.inspections import services
from finsup.inspections.choices import MeasureKind, ProvinceOutcome

from .activity_time import acting
from .activity_world import CITY, World

PROVINCE = "370000"
_BASIS = "《山东省地方金融条例》第四十四条；《关于小额贷款公司试点的指导意见》"


@dataclass
class Request:
    institution: object
    kind: str
    decided: bool
    moments: list[datetime.datetime]  # proposed, decided by the city, decided by the province


def plan_province(world: World) -> list[Request]:
    requests = []
    login_company = world.login_institution().pk
    for county, kind, decided, back in (
        ("371311", MeasureKind.RATING_V2, True, 25),
        ("371312", MeasureKind.REVOCATION_REQUEST, False, 8),
    ):
        candidates = [i for i in world.operating(county, "microloan") if i.pk != login_company]
        institution = world.rng.choice(candidates)
        requests.append(Request(institution, kind, decided, world.moments([0, 1, 6], back=back)))
    return requests


def load_province(world: World, requests: list[Request]) -> dict[str, int]:
    supervisor, leader = world.staff(CITY, "supervisor"), world.staff(CITY, "leader")
    province = world.staff(PROVINCE, "leader")
    decided = 0
    for r in requests:
        name = r.institution.name
        with acting(supervisor, r.moments[0]):
            measure = services.measure_propose(
                by=supervisor,
                institution=r.institution,
                kind=r.kind,
                proposal=f"{name}逾期未整改完毕，经约谈仍未落实整改要求，拟报请省金融办决定。",
            )
        with acting(leader, r.moments[1]):
            services.measure_decide(
                by=leader,
                measure=measure,
                reasons=f"{name}整改期满仍未整改到位，且存在拒不配合监管的情形。",
                basis=_BASIS,
            )
        if r.decided:
            with acting(province, r.moments[2]):
                services.measure_province_decide(
                    by=province,
                    measure=measure,
                    outcome=ProvinceOutcome.APPROVED,
                    reasons="经省级联席会议讨论，同意将该公司列入V(2)级，责令有序退出。",
                )
            decided += 1
    return {"province_requests": len(requests), "province_decisions": decided}

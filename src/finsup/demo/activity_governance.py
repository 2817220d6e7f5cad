"""The demo's governance and internal-control assessments (finsup.governance, duty ㉗): some of
the oldest operating institutions of each kind scored on the checklist by their county's lead
supervisor, one of them assessed again after rectification (version 2), as data
(data/governance.toml). Written through the services at office hours before the demo's date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from finsup.governance import services
from finsup.governance.checklist import checklist

from .activity_programme import OldestOperating, read_programme
from .activity_time import acting, office_moment, working_days_before
from .activity_world import World


@dataclass
class PlannedAssessment:
    spec: dict
    institution: object
    moment: datetime.datetime

    @property
    def moments(self) -> list[datetime.datetime]:
        return [self.moment]


def plan_governance(world: World) -> list[PlannedAssessment]:
    oldest = OldestOperating()
    planned = []
    for spec in read_programme("governance", "assessment"):
        institution = oldest.nth(spec["kind"], spec["nth"])
        if institution is not None:
            day = working_days_before(world.as_of, spec["back"])
            planned.append(PlannedAssessment(spec, institution, office_moment(day, 9 * 60 + world.rng.randrange(420))))
    return sorted(planned, key=lambda p: p.moment)


def load_governance(world: World, plan: list[PlannedAssessment]) -> dict[str, int]:
    for planned in plan:
        spec = planned.spec
        supervisor = world.staff(planned.institution.county.code, "supervisor")
        deduct = {k: Decimal(str(v)) for k, v in spec.get("deduct", {}).items()}
        scores = {i.key: i.points - deduct.get(i.key, Decimal(0)) for i in checklist().items}
        with acting(supervisor, planned.moment):
            services.assessment_submit(
                by=supervisor,
                institution=planned.institution,
                year=planned.moment.year,
                scores=scores,
                notes=spec.get("notes", {}),
                summary=spec.get("summary", ""),
            )
    return {"governance_assessments": len(plan)}

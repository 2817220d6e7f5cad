"""The demo's practitioner qualification (finsup.qualifications, duty ㉕): staff of the demo's
private capital managers and lending registration services, with their training, examinations (one
failed), certificates (one expired, one revoked); and the private lending association the city
guides (duty ㉖) with its members and the city's guidance records; as data (data/qualifications.toml). Everything is
written through the services as the county's clerk at office hours of working days before the
demo's date."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from finsup.institutions.selectors import institutions_operating
from finsup.qualifications import association_services, services
from finsup.qualifications.choices import QUALIFIED_KINDS

from .activity_programme import OldestOperating, read_programme
from .activity_time import acting, office_moment, working_days_before
from .activity_world import World
from .identifiers import Mint


@dataclass
class PlannedPractitioner:
    spec: dict
    institution: object
    id_number: str
    registered_at: datetime.datetime
    steps: list[tuple[dict, datetime.datetime]]

    @property
    def moments(self) -> list[datetime.datetime]:
        return [self.registered_at] + [m for _step, m in self.steps]


def _moment(world: World, back: int, minute_from: int = 9 * 60) -> datetime.datetime:
    return office_moment(working_days_before(world.as_of, back), minute_from + world.rng.randrange(0, 150))


def plan_qualifications(world: World) -> list[PlannedPractitioner]:
    mint = Mint(world.rng)
    oldest = OldestOperating()
    planned = []
    for spec in read_programme("qualifications", "practitioner"):
        institution = oldest.nth(spec["kind"], spec["nth"])
        if institution is None:
            continue
        first = spec["steps"][0]["back"] + 1
        # each step in the afternoon of its day, after the registration's morning
        steps = [(step, _moment(world, step["back"], 14 * 60 + 30)) for step in spec["steps"]]
        planned.append(
            PlannedPractitioner(
                spec, institution, mint.id_number(born_from=1970, born_to=2000), _moment(world, first), steps
            )
        )
    return planned


def load_qualifications(world: World, plan: list[PlannedPractitioner]) -> dict[str, int]:
    """Every step in the order of its moment, across the practitioners: certificate numbers follow
    their issue dates."""
    events = [(p.registered_at, n, None) for n, p in enumerate(plan)]
    events += [(moment, n, step) for n, p in enumerate(plan) for step, moment in p.steps]
    people, certificates = {}, {}
    for moment, n, step in sorted(events, key=lambda e: (e[0], e[1], e[2] is not None)):
        planned = plan[n]
        clerk = world.staff(planned.institution.county.code, "clerk")
        with acting(clerk, moment):
            if step is None:
                people[n] = _register(clerk, planned)
            else:
                certificates[n] = _load_step(clerk, people[n], step, moment.date(), certificates.get(n))
    return {"practitioners": len(plan), "qualification_steps": sum(len(p.steps) for p in plan)}


def _register(clerk, planned: PlannedPractitioner):
    return services.practitioner_register(
        by=clerk,
        institution=planned.institution,
        name=planned.spec["name"],
        id_number=planned.id_number,
        phone=f"139{planned.id_number[-8:]}",
        position=planned.spec["position"],
    )


def _load_step(clerk, person, step: dict, day: datetime.date, certificate):
    kind = step["step"]
    if kind == "training":
        services.training_record(
            by=clerk,
            practitioner=person,
            on=day,
            course=step["course"],
            organiser=step["organiser"],
            hours=step["hours"],
        )
    elif kind == "exam":
        score, pass_mark = Decimal(str(step["score"])), Decimal(str(step["pass_mark"]))
        services.exam_record(by=clerk, practitioner=person, on=day, score=score, pass_mark=pass_mark)
    elif kind == "certificate":
        return services.certificate_issue(by=clerk, practitioner=person, on=day)
    else:
        services.certificate_revoke(by=clerk, certificate=certificate, on=day, reason=step["reason"])
    return certificate


@dataclass
class PlannedAssociation:
    spec: dict
    registered_at: datetime.datetime
    guidance: list[tuple[dict, datetime.datetime]]

    @property
    def moments(self) -> list[datetime.datetime]:
        return [self.registered_at] + [m for _g, m in self.guidance]


def plan_associations(world: World) -> list[PlannedAssociation]:
    return [
        PlannedAssociation(
            spec, _moment(world, spec["back"]), [(g, _moment(world, g["back"])) for g in spec["guidance"]]
        )
        for spec in read_programme("qualifications", "association")
    ]


def load_associations(world: World, plan: list[PlannedAssociation]) -> dict[str, int]:
    for planned in plan:
        spec = planned.spec
        leader, clerk = world.staff(spec["office"], "leader"), world.staff(spec["office"], "clerk")
        members = institutions_operating().filter(kind__in=QUALIFIED_KINDS, county__path__startswith=leader.office.path)
        with acting(leader, planned.registered_at):
            association = association_services.association_register(
                by=leader,
                office=leader.office,
                name=spec["name"],
                kind=spec["kind"],
                members=list(members.order_by("credit_code")),
                contact_person=spec["contact_person"],
                contact_phone=spec["contact_phone"],
            )
        for g, moment in planned.guidance:
            with acting(clerk, moment):
                association_services.guidance_record(
                    by=clerk,
                    association=association,
                    on=moment.date(),
                    kind=g["kind"],
                    summary=g["summary"],
                    attendees=g.get("attendees", ""),
                )
    return {"associations": len(plan), "guidance_records": sum(len(p.guidance) for p in plan)}

"""Office contact details and the staff of every office."""

from __future__ import annotations

import math
import random

from faker import Faker

from finsup.accounts.choices import Role

from .identifiers import Mint
from .logins import DEMO_LOGINS
from .plan import OfficeInfo, StaffPlan
from .vocab import AREAS

PROVINCE, CITY = "370000", "371300"
_ROLE_KEYS = {
    Role.LEADER: "leader",
    Role.LEAD_SUPERVISOR: "supervisor",
    Role.INSPECTOR: "inspector",
    Role.CLERK: "clerk",
    Role.AUDITOR: "auditor",
}
# Fixed teams of the province and the city; county teams grow with the number of institutions.
_PROVINCE_TEAM = [(Role.LEADER, 1), (Role.LEAD_SUPERVISOR, 1), (Role.CLERK, 1)]
_CITY_TEAM = [(Role.LEADER, 1), (Role.LEAD_SUPERVISOR, 3), (Role.INSPECTOR, 3), (Role.CLERK, 2), (Role.AUDITOR, 1)]


def plan_offices(rng: random.Random, mint: Mint, codes: list[str]) -> list[OfficeInfo]:
    """Supervision phone and street address of every office in `codes`, in that order."""
    offices = []
    for code in codes:
        area = AREAS[code]
        road = rng.choice(area["roads"])
        offices.append(
            OfficeInfo(
                code=code,
                supervision_phone=mint.landline(area["phone"]),
                address=f"{area['addr']}{road}{rng.randrange(1, 300)}号",
            )
        )
    return offices


def county_team(institution_count: int) -> list[tuple[str, int]]:
    supervisors = max(2, math.ceil(institution_count / 6))
    inspectors = 2 if institution_count >= 12 else 1
    return [(Role.LEADER, 1), (Role.LEAD_SUPERVISOR, supervisors), (Role.INSPECTOR, inspectors), (Role.CLERK, 1)]


def plan_staff(fake: Faker, mint: Mint, supervising: dict[str, int]) -> list[StaffPlan]:
    """Staff of the province, the city and each supervising office (code → number of institutions).

    Usernames are `<place>_<role><n>` (`yishui_supervisor2`); the first of each role has no
    number, which gives the demo logins (`city_clerk`, `lanshan_supervisor`) their names."""
    teams = [(PROVINCE, _PROVINCE_TEAM), (CITY, _CITY_TEAM)]
    teams += [(code, county_team(n)) for code, n in supervising.items()]
    staff = []
    for code, team in teams:
        area = AREAS[code]
        for role, count in team:
            for n in range(1, count + 1):
                if role == Role.AUDITOR and code == CITY and n == 1:
                    username = "auditor"
                else:
                    username = f"{area['slug']}_{_ROLE_KEYS[role]}{'' if n == 1 else n}"
                staff.append(
                    StaffPlan(
                        username=username,
                        role=role,
                        office_code=code,
                        display_name=fake.name(),
                        work_phone=mint.landline(area["phone"]),
                    )
                )
    return staff


def plan_oversight(fake: Faker, mint: Mint) -> list[StaffPlan]:
    """The users of the oversight bodies among the demo logins, attached to the city office they
    oversee. Planned after everything else, so that they leave the rest of the plan as it was."""
    return [
        StaffPlan(
            username=login.username,
            role=login.role,
            office_code=CITY,
            display_name=fake.name(),
            work_phone=mint.landline(AREAS[CITY]["phone"]),
            oversight_body=login.body,
        )
        for login in DEMO_LOGINS
        if login.role == Role.OVERSIGHT
    ]

"""What the demo's supervision activity is planned from: the demo's date, a seeded generator, the
staff by username and the registry's institutions in a fixed order. Every choice is drawn here,
before anything is written, so the same seed and date give the same plan."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from finsup.accounts.selectors import users_active
from finsup.institutions.choices import InstitutionStatus
from finsup.institutions.selectors import all_institutions

from .activity_time import Diary
from .logins import INSTITUTION_LOGIN
from .vocab import AREAS

CITY = "371300"
LANSHAN = "371302"


@dataclass
class World:
    as_of: datetime.date
    rng: random.Random
    taken: set[int] = field(default_factory=set)  # institutions a plan has already given a role
    _users: dict = field(default_factory=dict)

    @classmethod
    def make(cls, *, as_of: datetime.date, seed: int, subject: str) -> World:
        return cls(as_of=as_of, rng=random.Random(f"activity:{subject}:{seed}:{as_of.isoformat()}"))

    def user(self, username: str):
        if username not in self._users:
            self._users[username] = users_active().select_related("office", "institution").get(username=username)
        return self._users[username]

    def staff(self, office_code: str, role: str, n: int = 1):
        """The office's n-th user of the role (`lanshan_supervisor2`), as the demo names them."""
        return self.user(f"{AREAS[office_code]['slug']}_{role}{'' if n == 1 else n}")

    def login_institution(self):
        return self.user(INSTITUTION_LOGIN).institution

    def operating(self, county_code: str, kind: str | None = None) -> list:
        qs = all_institutions().filter(county__code=county_code, status=InstitutionStatus.OPERATING)
        if kind is not None:
            qs = qs.filter(kind=kind)
        return list(qs.select_related("county", "lead_supervisor").order_by("credit_code"))

    def pick(self, county_code: str, kind: str | None = None, *, login: bool = False):
        """An operating institution of the county not given a role yet (the institution login's own
        company when `login`)."""
        if login:
            chosen = self.login_institution()
        else:
            free = [i for i in self.operating(county_code, kind) if i.pk not in self.taken]
            if not free:
                free = self.operating(county_code, kind)
            chosen = self.rng.choice(free)
        self.taken.add(chosen.pk)
        return chosen

    def diary(self, start_back: int) -> Diary:
        return Diary(as_of=self.as_of, start_back=start_back, rng=self.rng)

    def moments(self, gaps: list[int], *, back: int) -> list:
        """One moment per gap (working days after the one before; the first is usually 0), the first
        `back` working days before the demo's date, or earlier if the steps need more room."""
        diary = self.diary(max(back, sum(gaps) + 1))
        return [diary.step(gap) for gap in gaps]

    def institution_user(self, institution):
        return institution.users.filter(is_active=True).order_by("pk").first()

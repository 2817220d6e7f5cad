"""The demo logins created by `finsup demo load`: one per role (two oversight bodies), all with the
same password.

Plain data, so the README, the summary of the command and the browser tests share one list."""

from __future__ import annotations

from typing import NamedTuple

from finsup.accounts.choices import OversightBody, Role

# Passes every validator of AUTH_PASSWORD_VALIDATORS (10 characters, four character classes).
PASSWORD = "Linyi@2026"


class DemoLogin(NamedTuple):
    username: str
    role: str
    where_en: str
    where_zh: str
    body: str = ""  # the oversight body of an oversight login (User.oversight_body)


DEMO_LOGINS: list[DemoLogin] = [
    DemoLogin("city_leader", Role.LEADER, "Leader, Linyi City Financial Work Office", "市金融办领导"),
    DemoLogin("city_supervisor", Role.LEAD_SUPERVISOR, "Lead supervisor, city office", "市金融办主监管员"),
    DemoLogin("city_inspector", Role.INSPECTOR, "Inspector, city office", "市金融办检查人员"),
    DemoLogin("city_clerk", Role.CLERK, "Clerk, city office", "市金融办业务经办人员"),
    DemoLogin("auditor", Role.AUDITOR, "Auditor (read-only), city office", "市金融办审计人员（只读）"),
    DemoLogin(
        "discipline",
        Role.OVERSIGHT,
        "Discipline inspection group stationed at the city office (oversight: every case)",
        "纪委监委派驻纪检监察组（查阅全部责任追究案件）",
        OversightBody.DISCIPLINE,
    ),
    DemoLogin(
        "procuratorate",
        Role.OVERSIGHT,
        "Procuratorate (oversight: the cases transferred to it)",
        "检察院（查阅移送本院的责任追究案件）",
        OversightBody.PROCURATORATE,
    ),
    DemoLogin("lanshan_leader", Role.LEADER, "Leader, Lanshan District office", "兰山区金融办领导"),
    DemoLogin(
        "lanshan_supervisor", Role.LEAD_SUPERVISOR, "Lead supervisor, Lanshan District office", "兰山区金融办主监管员"
    ),
    DemoLogin("lanshan_clerk", Role.CLERK, "Clerk, Lanshan District office", "兰山区金融办业务经办人员"),
    DemoLogin("lanshan_inspector", Role.INSPECTOR, "Inspector, Lanshan District office", "兰山区金融办检查人员"),
    DemoLogin(
        "inst_clerk",
        Role.INSTITUTION,
        "User of an operating microloan company in Lanshan District",
        "兰山区一家正常经营的小额贷款公司的报送人员",
    ),
    # A resident bank's statistics clerk (finsup.partners): answers the city's monthly figures (item ①).
    DemoLogin(
        "bank_clerk", Role.PARTNER, "Statistics clerk of 临商银行, a resident bank", "临商银行统计人员（驻临金融机构）"
    ),
    # The provincial office above the city (issue 18): it decides final ratings, V(2) and revocations.
    DemoLogin("province_leader", Role.LEADER, "Leader, Shandong Provincial Financial Office", "省金融办领导"),
    DemoLogin("province_supervisor", Role.LEAD_SUPERVISOR, "Lead supervisor, provincial office", "省金融办主监管员"),
    DemoLogin("province_clerk", Role.CLERK, "Clerk, provincial office", "省金融办业务经办人员"),
]

DEMO_USERNAMES = frozenset(login.username for login in DEMO_LOGINS)

# The institution login is bound to an operating microloan company of this county.
INSTITUTION_LOGIN = "inst_clerk"
INSTITUTION_LOGIN_COUNTY = "371302"

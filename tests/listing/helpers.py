"""The listing pipeline written through its services on fixed days (04:00 UTC is noon in Linyi)."""

import datetime

from stdnum.cn import uscc

from finsup.core import clock
from finsup.listing import services

D = datetime.date
ENTERED, FIRST_STEP = D(2025, 3, 3), D(2025, 4, 1)


def on(day: datetime.date):
    return clock.at(datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC))


def credit_code(n: int) -> str:
    """A valid unified social credit code, one per n."""
    base = f"91371302MA{n:07d}"
    return base + uscc.calc_check_digit(base)


def company(by, n: int = 1, *, office=None, name: str = "临沂智造科技股份有限公司", day=ENTERED):
    with on(day):
        return services.company_register(
            by=by,
            office=office or by.office,
            name=name,
            credit_code=credit_code(n),
            board="chinext",
            entered_on=day,
            evidence="列入市级上市后备资源库通知",
            industry="高端装备制造",
            sponsor="中泰证券",
            contact="王经理 0539-1234567",
        )


def to_listed(by, c, *, start=FIRST_STEP):
    """Moves the company through every stage to listed, a month apart."""
    steps = [
        ("tutoring", "山东证监局辅导备案公告"),
        ("application", "深交所受理通知"),
        ("approved", "中国证监会注册批复"),
        ("listed", "上市公告书"),
    ]
    day = start
    for stage, evidence in steps:
        extra = {"stock_code": "301234", "ipo_amount": 600_000_000} if stage == "listed" else {}
        with on(day):
            c = services.company_stage_move(
                by=by, company=c, to_stage=stage, happened_on=day, evidence=evidence, **extra
            )
        day += datetime.timedelta(days=30)
    return c


def listed_with_subsidy(by, *, paid=1_234_500):
    """A listed company with a subsidy of 200万元 for its listing, `paid` of it paid."""
    c = to_listed(by, company(by))
    day = D(2025, 8, 1)
    with on(day):
        subsidy = services.subsidy_grant(
            by=by,
            company=c,
            basis="临沂市促进企业上市奖励办法 第五条",
            for_stage="listed",
            amount=2_000_000,
            granted_on=day,
        )
        services.subsidy_pay(by=by, subsidy=subsidy, amount=paid, paid_on=day, voucher="记-0801")
    return c, subsidy

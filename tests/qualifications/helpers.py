"""The practitioner qualification written through its services on fixed days (04:00 UTC is noon in
Linyi: no test depends on the clock)."""

import datetime

from finsup.core import clock
from finsup.qualifications import services
from tests import factories as f

DAY = datetime.date(2026, 6, 15)


def on(day: datetime.date = DAY):
    return clock.at(datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC))


def private_capital(county_code: str = "371302", kind: str = "private_capital"):
    return f.make_institution(county_code, kind=kind, name=f"临沂某某民间资本管理{f.credit_code()[-4:]}有限公司")


def practitioner(by, institution, *, name="王小明", id_number=None, day=DAY):
    with on(day):
        return services.practitioner_register(
            by=by, institution=institution, name=name, id_number=id_number or f.id_number(), phone="13812345678"
        )


def certified(by, practitioner, *, day=DAY, score="85", pass_mark="60"):
    """Training, a passed examination and a certificate, all on the day."""
    with on(day):
        services.training_record(
            by=by, practitioner=practitioner, on=day, course="从业人员岗前培训", organiser="临沂市金融学会", hours="16"
        )
        services.exam_record(by=by, practitioner=practitioner, on=day, score=score, pass_mark=pass_mark)
        return services.certificate_issue(by=by, practitioner=practitioner, on=day)

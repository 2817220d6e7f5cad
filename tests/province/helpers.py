"""The city asks the province (请示) through the real services, for tests of the province's decision."""

from finsup.inspections import services as s
from finsup.inspections.choices import MeasureKind
from tests.documents.issuing import sign_all_open

BASIS = "《山东省地方金融条例》第四十四条"


def requested(city_leader, institution, *, kind=MeasureKind.REVOCATION_REQUEST, sign=True):
    """A measure only the province takes, decided by the city's leader (its request drafted) and the
    request signed off (sent) unless `sign` is false."""
    measure = s.measure_propose(
        by=None, institution=institution, kind=kind, proposal="逾期未整改完毕，拟报请省金融办取消试点资格。"
    )
    s.measure_decide(by=city_leader, measure=measure, reasons="整改期满仍未整改到位。", basis=BASIS)
    if sign:
        sign_all_open()
    measure.refresh_from_db()
    return measure

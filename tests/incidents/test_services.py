"""Major risk incidents: reporting, the response log and escalation with a controlled clock."""

import datetime

import pytest
from django.utils import timezone

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.incidents import services as incidents
from finsup.incidents.models import Incident, IncidentLogEntry
from finsup.monitoring.services import warning_open
from finsup.notifications.models import Notification

from .factories import report_incident

T0 = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def test_an_unacknowledged_grade_i_incident_escalates_to_the_city_after_two_hours(
    world, django_capture_on_commit_callbacks
):
    incident = report_incident(world.clerk_lanshan_inst, severity="I", now=T0)
    assert incident.level == "county" and incident.office == world.inst_lanshan.county
    with django_capture_on_commit_callbacks(execute=True):
        assert incidents.incidents_escalate(now=T0 + datetime.timedelta(hours=1, minutes=59)) == []
        done = incidents.incidents_escalate(now=T0 + datetime.timedelta(hours=2))
    assert [(i.pk, level) for i, level in done] == [(incident.pk, "city")]
    incident.refresh_from_db()
    assert incident.level == "city" and incident.escalated_at == T0 + datetime.timedelta(hours=2)
    assert Notification.objects.filter(user=world.city["leader"], url=incident.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=world.luozhuang["leader"]).exists()
    # Idempotent: the same clock again changes nothing, logs nothing.
    entries = IncidentLogEntry.objects.filter(incident=incident).count()
    assert incidents.incidents_escalate(now=T0 + datetime.timedelta(hours=2)) == []
    assert IncidentLogEntry.objects.filter(incident=incident).count() == entries
    # Still unacknowledged 4 hours later at the city: the province.
    incidents.incidents_escalate(now=T0 + datetime.timedelta(hours=6))
    incident.refresh_from_db()
    assert incident.level == "province"
    assert incidents.incidents_escalate(now=T0 + datetime.timedelta(days=30)) == []


def test_a_late_run_catches_up_every_level_at_once(world):
    incident = report_incident(world.clerk_lanshan_inst, severity="I", now=T0)
    done = incidents.incidents_escalate(now=T0 + datetime.timedelta(days=1))
    assert [level for _, level in done] == ["city", "province"]
    assert list(incident.log.filter(kind="escalation").values_list("at", flat=True)) == [
        T0 + datetime.timedelta(hours=2),
        T0 + datetime.timedelta(hours=6),
    ]


def test_an_acknowledged_incident_does_not_escalate(world):
    incident = report_incident(world.clerk_lanshan_inst, severity="I", now=T0)
    incidents.incident_acknowledge(incident=incident, by=world.lanshan["lead_supervisor"], note="已派员赶赴现场")
    assert incidents.incidents_escalate(now=T0 + datetime.timedelta(days=1)) == []
    assert Incident.objects.get(pk=incident.pk).level == "county"


def test_a_grade_iv_incident_waits_longer_and_stops_at_the_city(world):
    incident = report_incident(world.lanshan["clerk"], severity="IV", institution=world.inst_lanshan, now=T0)
    assert incidents.incidents_escalate(now=T0 + datetime.timedelta(hours=71)) == []
    incidents.incidents_escalate(now=T0 + datetime.timedelta(days=60))
    incident.refresh_from_db()
    assert incident.level == "city"


def test_a_city_report_starts_at_the_city(world):
    incident = report_incident(world.city["lead_supervisor"], severity="II", institution=world.inst_lanshan, now=T0)
    assert incident.level == "city" and incident.office == world.inst_lanshan.county


def test_reporting_is_refused_outside_jurisdiction_and_for_read_only_roles(world):
    with pytest.raises(PermissionDenied):
        report_incident(world.luozhuang["clerk"], institution=world.inst_lanshan)
    with pytest.raises(PermissionDenied):
        report_incident(world.lanshan["auditor"], institution=world.inst_lanshan)
    with pytest.raises(ApplicationError):
        report_incident(world.clerk_lanshan_inst, severity="V")
    with pytest.raises(ApplicationError):
        report_incident(world.clerk_lanshan_inst, occurred_at=timezone.now() + datetime.timedelta(days=1))
    assert not Incident.objects.exists()


def test_an_institution_reports_only_about_itself(world):
    incident = report_incident(world.clerk_lanshan_inst, institution=world.inst_luozhuang)
    assert incident.institution == world.inst_lanshan


def test_the_log_is_append_only_and_handling_is_scoped(world):
    incident = report_incident(world.clerk_lanshan_inst)
    sup = world.lanshan["lead_supervisor"]
    with pytest.raises(PermissionDenied):
        incidents.incident_log_add(incident=incident, by=world.luozhuang["lead_supervisor"], kind="action", text="x")
    with pytest.raises(PermissionDenied):
        incidents.incident_acknowledge(incident=incident, by=world.lanshan["clerk"], note="x")
    entry = incidents.incident_log_add(incident=incident, by=sup, kind="decision", text="启动应急预案")
    entry.text = "changed"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    incidents.incident_acknowledge(incident=incident, by=sup, note="已受理")
    incidents.incident_close(incident=incident, by=sup, note="风险处置完毕")
    with pytest.raises(ApplicationError):
        incidents.incident_log_add(incident=incident, by=sup, kind="action", text="too late")
    assert [e.kind for e in incident.log.all()] == ["report", "decision", "acknowledgement", "closure"]


def test_a_warning_about_the_same_institution_can_be_linked(world):
    incident = report_incident(world.clerk_lanshan_inst)
    sup = world.lanshan["lead_supervisor"]
    own, _ = warning_open(institution=world.inst_lanshan, key="k1", source="late_filing", level="warning", title="逾期")
    other, _ = warning_open(
        institution=world.inst_luozhuang, key="k2", source="late_filing", level="warning", title="x"
    )
    incidents.incident_link_warning(incident=incident, by=sup, warning=own)
    assert list(incident.warnings.all()) == [own]
    with pytest.raises(ApplicationError):
        incidents.incident_link_warning(incident=incident, by=sup, warning=own)
    with pytest.raises(ApplicationError):
        incidents.incident_link_warning(incident=incident, by=world.city["leader"], warning=other)


def test_the_escalate_command_uses_the_clock_it_is_given(world):
    from io import StringIO

    from django.core.management import call_command

    incident = report_incident(world.clerk_lanshan_inst, severity="I", now=T0)
    out = StringIO()
    call_command("incidents", "escalate", "--now", (T0 + datetime.timedelta(hours=2)).isoformat(), stdout=out)
    assert f"{incident.pk}\tcity" in out.getvalue()
    call_command("incidents", "escalate", "--now", (T0 + datetime.timedelta(hours=2)).isoformat(), stdout=out)
    assert Incident.objects.get(pk=incident.pk).level == "city"

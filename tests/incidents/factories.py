import datetime

from django.utils import timezone

from finsup.incidents import services


def report_incident(by, *, severity="I", institution=None, now=None, **data):
    payload = {"kind": "bank_run", "severity": severity, "title": "挤兑", "description": "大量客户聚集要求兑付。"}
    payload.update(institution=institution, **data)
    return services.incident_report(by=by, data=payload, now=now or timezone.now() - datetime.timedelta(minutes=1))

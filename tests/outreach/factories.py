"""Builders for outreach tests: campaigns, events and materials made through the services."""

from __future__ import annotations

import datetime

from finsup.complaints.attachments import CheckedFile
from finsup.outreach import services

PDF = b"%PDF-1.4\n% outreach leaflet\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def may_campaign(by, office=None, year: int = 2026, **data):
    fields = {
        "kind": "may_month",
        "title": f"{year}年防范非法集资宣传月",
        "theme": "守住钱袋子",
        "starts_on": datetime.date(year, 5, 1),
        "ends_on": datetime.date(year, 5, 31),
        "plan": "进社区、进企业、进校园。",
    }
    fields.update(data)
    return services.campaign_create(by=by, office=office or by.office, year=year, data=fields)


def event(campaign, by, **data):
    fields = {
        "held_on": campaign.starts_on,
        "channel": "community",
        "title": "社区宣讲",
        "place": "兰山街道",
        "audience": 100,
        "copies": 50,
        "views": 0,
    }
    fields.update(data)
    return services.event_record(campaign=campaign, by=by, data=fields)


def material(campaign, by, *, title="宣传海报", kind="poster", content=PDF, published=False):
    import hashlib

    checked = CheckedFile("海报.pdf", content, "application/pdf", hashlib.sha256(content).hexdigest())
    m = services.material_upload(campaign=campaign, by=by, title=title, kind=kind, file=checked)
    if published:
        m = services.material_publish(material=m, by=by, published=True)
    return m

"""Entities of the register written through the services on fixed days (04:00 UTC is noon in
Linyi: no test depends on the clock or on which side of local midnight it runs)."""

import datetime

from finsup.core import clock
from finsup.fundraising import services


def on(day: datetime.date):
    return clock.at(datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC))


def register(by, office, name: str, day: datetime.date, texts=(), **fields):
    """An entity registered on `day` with advertisements [(title, text)] received that day."""
    with on(day):
        entity = services.entity_open(by=by, office=office, name=name, opened_on=day, **fields)
        for title, body in texts:
            services.text_add(by=by, entity=entity, kind="advertisement", title=title, body=body, received_on=day)
    return entity


def step(by, entity, kind: str, day: datetime.date, **fields):
    entity.refresh_from_db()
    with on(day):
        return services.step_record(
            by=by, entity=entity, kind=kind, done_on=day, text=fields.pop("text", "已办理。"), **fields
        )


def determine(by, entity, verified: datetime.date, determined: datetime.date, outcome: str):
    step(by, entity, "verification", verified, text="实地核查，调取宣传材料。")
    basis = "" if outcome == "no_issue" else "《防范和处置非法集资条例》第十九条、第二十一条"
    step(by, entity, "determination", determined, outcome=outcome, legal_basis=basis, text="经认定。")
    entity.refresh_from_db()
    return entity

"""The duty register written through its services on fixed days (04:00 UTC is noon in Linyi: no test
depends on the clock or on which side of local midnight it runs)."""

import datetime

from finsup.core import clock


def on(day: datetime.date):
    return clock.at(datetime.datetime.combine(day, datetime.time(4), tzinfo=datetime.UTC))


def liaison_task(leader, responsible, starts_on: datetime.date | None = None):
    """Item ⑤'s quarterly liaison meeting of the leader's office, each quarter due 15 days after it ends."""
    from finsup.worklog import services

    return services.task_add(
        by=leader,
        office=leader.office,
        item=5,
        title="驻临金融机构季度联络会议",
        frequency="quarterly",
        due_days=15,
        responsible=responsible,
        starts_on=starts_on,
    )

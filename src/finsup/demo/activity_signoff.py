"""The demo's documents signed off as the offices would: each step's drafts are checked by a lead
supervisor of the issuing office a few minutes after they were drafted and signed off by its leader
soon after, so the register shows numbered documents issued on the days of their steps. The drafts
of the last working days before the demo's date are left waiting, some for a check and some for
the leader's sign-off, so the leaders' and supervisors' lists of what awaits them are not empty.

A signed-off document addressed to its institution is delivered to it in the platform at sign-off;
a user of the institution acknowledges receipt (签收) the next working day, in office hours; the
documents signed off in the last ACKNOWLEDGE_WAITING_DAYS working days still wait for it, so the
institutions' lists of what awaits them are not empty either."""

from __future__ import annotations

import datetime

from django.utils import timezone

from finsup.documents import selectors as documents
from finsup.documents.delivery import delivery_acknowledge
from finsup.documents.services import document_check, document_sign_off

from .activity_time import acting, office_moment, working_days_after, working_days_before
from .activity_world import World

CHECK_AFTER, SIGN_AFTER = datetime.timedelta(minutes=5), datetime.timedelta(minutes=12)
WAITING_DAYS = 2  # working days before the demo's date whose drafts still wait
ACKNOWLEDGE_FROM = 9 * 60 + 10  # 9:10, and up to two hours later
ACKNOWLEDGE_WAITING_DAYS = 10


def sign_off_drafts(world: World) -> dict[str, int]:
    waiting_from = working_days_before(world.as_of, WAITING_DAYS)
    signed = waiting = acknowledged = 0
    for document in list(documents.documents_open_all()):
        drafted = document.created_at
        recent = timezone.localdate(drafted) >= waiting_from
        if recent and waiting % 2 == 0:
            waiting += 1
            continue  # waits for its check
        checker = _checker(world, document)
        with acting(checker, drafted + CHECK_AFTER):
            checked = document_check(document=document, by=checker)
        if recent:
            waiting += 1
            continue  # checked, waits for the leader
        leader = world.staff(document.office.code, "leader")
        with acting(leader, drafted + SIGN_AFTER):
            final = document_sign_off(document=checked, by=leader)
        signed += 1
        acknowledged += _acknowledge(world, final)
    return {"documents_signed_off": signed, "documents_waiting": waiting, "documents_acknowledged": acknowledged}


def _acknowledge(world: World, document) -> int:
    """The institution's user acknowledges receipt the next working day, unless the document is recent."""
    signed = timezone.localdate(document.finalised_at)
    if signed >= working_days_before(world.as_of, ACKNOWLEDGE_WAITING_DAYS):
        return 0
    day = working_days_after(signed, 1)
    done = 0
    for delivery in documents.deliveries_awaiting_acknowledgement(document=document):
        user = world.institution_user(delivery.institution)
        if user is None:
            continue
        with acting(user, office_moment(day, ACKNOWLEDGE_FROM + world.rng.randrange(120))):
            delivery_acknowledge(delivery=delivery, by=user)
        done += 1
    return done


def _checker(world: World, document):
    """The issuing office's first lead supervisor, or its leader when that supervisor drafted it."""
    supervisor = world.staff(document.office.code, "supervisor")
    if supervisor.pk != document.created_by_id:
        return supervisor
    return world.staff(document.office.code, "leader")

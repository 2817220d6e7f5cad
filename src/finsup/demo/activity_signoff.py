"""The demo's documents signed off as the offices would: each step's drafts are checked by a lead
supervisor of the issuing office a few minutes after they were drafted and signed off by its leader
soon after, so the register shows numbered documents issued on the days of their steps. The drafts
of the last working days before the demo's date are left waiting, some for a check and some for
the leader's sign-off, so the leaders' and supervisors' lists of what awaits them are not empty."""

from __future__ import annotations

import datetime

from django.utils import timezone

from finsup.documents import selectors as documents
from finsup.documents.services import document_check, document_sign_off

from .activity_time import acting, working_days_before
from .activity_world import World

CHECK_AFTER, SIGN_AFTER = datetime.timedelta(minutes=5), datetime.timedelta(minutes=12)
WAITING_DAYS = 2  # working days before the demo's date whose drafts still wait


def sign_off_drafts(world: World) -> dict[str, int]:
    waiting_from = working_days_before(world.as_of, WAITING_DAYS)
    signed = waiting = 0
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
            document_sign_off(document=checked, by=leader)
        signed += 1
    return {"documents_signed_off": signed, "documents_waiting": waiting}


def _checker(world: World, document):
    """The issuing office's first lead supervisor, or its leader when that supervisor drafted it."""
    supervisor = world.staff(document.office.code, "supervisor")
    if supervisor.pk != document.created_by_id:
        return supervisor
    return world.staff(document.office.code, "leader")

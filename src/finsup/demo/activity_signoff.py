"""The demo's documents signed off as the offices would: right after each step (`acting`), the
drafts it made are checked by a lead supervisor of the issuing office a few minutes later and
signed off by its leader soon after, so the register shows numbered documents issued on the days of
their steps and the steps that follow a document (the institution's rectification after the opinion
letter) find it signed. The drafts of the last working days before the demo's date are left
waiting, some for a check and some for the leader, so the leaders' and supervisors' lists of what
awaits them are not empty; the documents later steps depend on are never left waiting.

A signed-off document addressed to its institution is delivered to it in the platform at sign-off;
a user of the institution acknowledges receipt (签收) the next working day, in office hours; the
documents signed off in the last ACKNOWLEDGE_WAITING_DAYS working days still wait for it, so the
institutions' lists of what awaits them are not empty either."""

from __future__ import annotations

import contextlib
import datetime
import functools

from django.utils import timezone

from finsup.accounts.choices import Role
from finsup.accounts.selectors import users_active
from finsup.documents import selectors as documents
from finsup.documents.delivery import delivery_acknowledge
from finsup.documents.services import document_check, document_sign_off

from .activity_time import acting, after_step, office_moment, working_days_after, working_days_before

CHECK_AFTER, SIGN_AFTER = datetime.timedelta(minutes=3), datetime.timedelta(minutes=6)
WAITING_DAYS = 2  # working days before the demo's date whose drafts may still wait
NEEDED_BY_LATER_STEPS = {"opinion_letter", "rectification_notice"}
ACKNOWLEDGE_FROM = 9 * 60 + 10  # 9:10, and up to two hours later
ACKNOWLEDGE_WAITING_DAYS = 10


@contextlib.contextmanager
def signing(as_of: datetime.date):
    """Within the block, each demo step's drafts are signed off after it (`sign_off_step`)."""
    token = after_step.set(functools.partial(sign_off_step, as_of=as_of))
    try:
        yield
    finally:
        after_step.reset(token)


def sign_off_step(moment: datetime.datetime, *, as_of: datetime.date) -> None:
    """Checks and signs off the documents drafted at `moment` (one step's)."""
    drafts = list(documents.documents_open_all().filter(created_at=moment))
    waiting_from = working_days_before(as_of, WAITING_DAYS)
    for n, document in enumerate(drafts):
        recent = timezone.localdate(moment) >= waiting_from
        may_wait = recent and document.kind not in NEEDED_BY_LATER_STEPS
        if may_wait and n % 2 == 0:
            continue  # waits for its check
        checker = _checker(document)
        with acting(checker, moment + CHECK_AFTER):
            checked = document_check(document=document, by=checker)
        if may_wait:
            continue  # checked, waits for the leader
        leader = _staff(document.office, Role.LEADER).first()
        with acting(leader, moment + SIGN_AFTER):
            final = document_sign_off(document=checked, by=leader)
        _acknowledge(final, as_of=as_of)


def _staff(office, role):
    return users_active(office=office, role=role).order_by("pk")


def _checker(document):
    """The issuing office's first lead supervisor who did not draft it, else its leader."""
    supervisor = _staff(document.office, Role.LEAD_SUPERVISOR).exclude(pk=document.created_by_id).first()
    return supervisor or _staff(document.office, Role.LEADER).first()


def _acknowledge(document, *, as_of: datetime.date) -> None:
    """The institution's user acknowledges receipt the next working day, unless the document is recent."""
    signed = timezone.localdate(document.finalised_at)
    if signed >= working_days_before(as_of, ACKNOWLEDGE_WAITING_DAYS):
        return
    day = working_days_after(signed, 1)
    for delivery in documents.deliveries_awaiting_acknowledgement(document=document):
        user = users_active(institution=delivery.institution).order_by("pk").first()
        if user is None:
            continue
        with acting(user, office_moment(day, ACKNOWLEDGE_FROM + document.pk % 120)):
            delivery_acknowledge(delivery=delivery, by=user)

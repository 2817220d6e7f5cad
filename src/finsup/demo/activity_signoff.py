"""The demo's documents signed off as the offices would: right after each step (`acting`), the
drafts it made are checked by a lead supervisor of the issuing office a few minutes later and
signed off by its leader soon after, so the register shows numbered documents issued on the days of
their steps and the steps that follow a document (the institution's rectification after the opinion
letter) find it signed. The drafts of the last working days before the demo's date are left
waiting, some for a check and some for the leader, so the leaders' and supervisors' lists of what
awaits them are not empty; the documents later steps depend on are never left waiting."""

from __future__ import annotations

import contextlib
import datetime
from contextvars import ContextVar

from django.utils import timezone

from finsup.accounts.choices import Role
from finsup.accounts.selectors import users_active
from finsup.documents import selectors as documents
from finsup.documents.services import document_check, document_sign_off

CHECK_AFTER, SIGN_AFTER = datetime.timedelta(minutes=3), datetime.timedelta(minutes=6)
WAITING_DAYS = 2  # working days before the demo's date whose drafts may still wait
NEEDED_BY_LATER_STEPS = {"opinion_letter", "rectification_notice"}
_AS_OF: ContextVar[datetime.date | None] = ContextVar("demo_signing_as_of", default=None)


@contextlib.contextmanager
def signing(as_of: datetime.date):
    """Within the block, each demo step's drafts are signed off after it (`sign_off_step`)."""
    token = _AS_OF.set(as_of)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def sign_off_step(moment: datetime.datetime) -> None:
    """Checks and signs off the documents drafted at `moment` (one step's), within `signing`."""
    as_of = _AS_OF.get()
    if as_of is None:
        return
    from .activity_time import acting, working_days_before

    drafts = [d for d in documents.documents_open_all() if d.created_at == moment]
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
            document_sign_off(document=checked, by=leader)


def _staff(office, role):
    return users_active(office=office, role=role).order_by("pk")


def _checker(document):
    """The issuing office's first lead supervisor who did not draft it, else its leader."""
    supervisor = _staff(document.office, Role.LEAD_SUPERVISOR).exclude(pk=document.created_by_id).first()
    return supervisor or _staff(document.office, Role.LEADER).first()

"""How often the public may send the complaint form. Counted in fixed windows, keyed (hashed with
FINSUP_LOOKUP_KEY) by:

- the captcha session (the browser session that was given the captcha): every attempt counts,
  FINSUP_COMPLAINT_RATE_LIMIT (5 an hour): one person, one browser;
- the client address, only attempts that solved the captcha: FINSUP_COMPLAINT_ADDRESS_RATE_LIMIT
  (30 an hour), so that citizens behind one NAT or proxy share a generous limit that an abuser can
  use up only by solving captchas, not by posting junk;
- the client address, every attempt: FINSUP_COMPLAINT_ADDRESS_ATTEMPT_LIMIT (300 an hour), a flood
  guard against a script that opens a new session for each post.

A new captcha (a fresh picture, or the text alternative) is counted too: per captcha session,
FINSUP_CAPTCHA_REFRESH_LIMIT (20 an hour), and against the address's flood guard above, so asking
for challenges until an easy one comes, or for text questions a script reads more easily than the
picture, buys no more attempts than posting does.

Each count runs in its own transaction, so a refused or failed submission still counts."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError

from .models import SubmissionCounter


class RateLimited(ApplicationError):
    code = "rate_limited"
    http_status = 429


def _window(now: datetime.datetime, window: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(int(now.timestamp()) // window * window, tz=datetime.UTC)


def _key(scope: str, value: str | None) -> str:
    return hashlib.sha256(f"{settings.FINSUP_LOOKUP_KEY}:{scope}:{value or '-'}".encode()).hexdigest()


def _current(key: str, start: datetime.datetime) -> int:
    return SubmissionCounter.objects.filter(key=key, window_start=start).values_list("count", flat=True).first() or 0


def _add(key: str, start: datetime.datetime) -> int:
    with transaction.atomic():
        try:
            with transaction.atomic():
                SubmissionCounter.objects.get_or_create(key=key, window_start=start)
        except IntegrityError:  # a concurrent request created it first
            pass
        counter = SubmissionCounter.objects.select_for_update().get(key=key, window_start=start)
        counter.count += 1
        counter.save(update_fields=["count"])
        SubmissionCounter.objects.filter(window_start__lt=start - datetime.timedelta(days=1)).delete()
    return counter.count


def captcha_refresh_rate_limit(
    *, address: str | None, session_key: str | None, now: datetime.datetime | None = None
) -> None:
    """Counts one new captcha of the session and one attempt of the address; refuses past either limit."""
    now = now or timezone.now()
    limit, window = settings.FINSUP_CAPTCHA_REFRESH_LIMIT
    flood, flood_window = settings.FINSUP_COMPLAINT_ADDRESS_ATTEMPT_LIMIT
    if _add(_key("captcha-refresh", session_key), _window(now, window)) > limit:
        minutes = max(1, window // 60)
        raise RateLimited(
            _("Too many new captchas from this browser. Please try again in %(minutes)d minutes.")
            % {"minutes": minutes}
        )
    if _add(_key("address-attempt", address), _window(now, flood_window)) > flood:
        raise _refuse(flood_window, network=True)


def _refuse(window: int, *, network: bool) -> RateLimited:
    minutes = max(1, window // 60)
    if network:
        return RateLimited(
            _("Too many submissions from your network. Please try again in %(minutes)d minutes.") % {"minutes": minutes}
        )
    return RateLimited(
        _("Too many submissions from this browser. Please try again in %(minutes)d minutes.") % {"minutes": minutes}
    )


def complaint_rate_limit(*, address: str | None, session_key: str | None, now: datetime.datetime | None = None) -> None:
    """Counts one attempt of the session and of the address; refuses past any limit."""
    now = now or timezone.now()
    limit, window = settings.FINSUP_COMPLAINT_RATE_LIMIT
    flood, flood_window = settings.FINSUP_COMPLAINT_ADDRESS_ATTEMPT_LIMIT
    solved, solved_window = settings.FINSUP_COMPLAINT_ADDRESS_RATE_LIMIT
    if _add(_key("session", session_key), _window(now, window)) > limit:
        raise _refuse(window, network=False)
    if _add(_key("address-attempt", address), _window(now, flood_window)) > flood:
        raise _refuse(flood_window, network=True)
    if _current(_key("address", address), _window(now, solved_window)) >= solved:
        raise _refuse(solved_window, network=True)


def complaint_rate_count_solved(*, address: str | None, now: datetime.datetime | None = None) -> None:
    """Counts an attempt that solved the captcha against the address's limit."""
    now = now or timezone.now()
    _limit, window = settings.FINSUP_COMPLAINT_ADDRESS_RATE_LIMIT
    _add(_key("address", address), _window(now, window))

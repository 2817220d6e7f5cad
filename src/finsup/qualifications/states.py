"""What a practitioner's steps mean on a day: a certificate's state (valid, expired, revoked) and
its validity, the passed examination a certificate rests on. Computed, never stored."""

from __future__ import annotations

import datetime

from .choices import VALID_YEARS, CertificateState, StepKind


def certificate_valid_until(issued_on: datetime.date) -> datetime.date:
    """The last day of validity: the day before the same date VALID_YEARS years on (28 February for
    a certificate issued on 29 February)."""
    year = issued_on.year + VALID_YEARS
    try:
        anniversary = issued_on.replace(year=year)
    except ValueError:
        anniversary = datetime.date(year, 3, 1)
    return anniversary - datetime.timedelta(days=1)


def certificate_state(step, *, today: datetime.date) -> CertificateState:
    revocation = getattr(step, "revocation", None)
    if revocation is not None and revocation.on <= today:
        return CertificateState.REVOKED
    if step.valid_until < today:
        return CertificateState.EXPIRED
    return CertificateState.VALID


def passed_exam(steps, *, on: datetime.date):
    """The newest passed examination on or before the day, or None."""
    passed = [s for s in steps if s.kind == StepKind.EXAM and s.passed and s.on <= on]
    return passed[-1] if passed else None


def current_certificate(steps, *, today: datetime.date):
    """The practitioner's certificate valid on the day, or None."""
    for step in reversed(steps):
        if step.kind == StepKind.CERTIFICATE and certificate_state(step, today=today) == CertificateState.VALID:
            return step
    return None

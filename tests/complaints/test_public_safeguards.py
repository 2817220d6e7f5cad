"""The safeguards of the public form: tracking codes, the captcha, attachments and the rate limit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from finsup.complaints import captcha, codes, rate_limit
from finsup.complaints.attachments import check_attachments
from finsup.core.errors import ApplicationError

from .factories import PDF, PNG


def test_codes_are_readable_and_normalised():
    code = codes.new_code()
    assert len(code) == 14 and code.count("-") == 2
    assert set(code.replace("-", "")) <= set(codes.ALPHABET)
    assert codes.normalise(code.lower().replace("-", " ")) == code
    assert codes.normalise("0000-0000-0000") == "" and codes.normalise("ABC") == ""
    assert len({codes.new_code() for _ in range(1000)}) == 1000


@override_settings(FINSUP_CAPTCHA_DETERMINISTIC=False)
def test_the_captcha_is_a_png_and_is_spent_once():
    session = {}
    question = captcha.issue(session)
    a, op, b = question.split()[:3]
    answer = str(int(a) + int(b) if op == "+" else int(a) - int(b))
    png = captcha.render_png(question)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 200
    assert captcha.verify(session, answer)
    assert not captcha.verify(session, answer)  # spent
    captcha.issue(session)
    assert not captcha.verify(session, "-1")
    assert captcha.SESSION_KEY not in session


def test_the_answer_is_not_kept_in_clear():
    session = {}
    captcha.issue(session)
    stored = session[captcha.SESSION_KEY]["a"]  # the test settings fix the answer at 7
    assert stored != "7" and len(stored) == 64


def test_the_deterministic_captcha_is_refused_outside_the_test_settings():
    from finsup.complaints.checks import deterministic_captcha_only_in_tests

    with override_settings(SETTINGS_MODULE="finsup.config.settings.production", FINSUP_CAPTCHA_DETERMINISTIC=True):
        assert deterministic_captcha_only_in_tests(None)
    with override_settings(SETTINGS_MODULE="finsup.config.settings.production", FINSUP_CAPTCHA_DETERMINISTIC=False):
        assert not deterministic_captcha_only_in_tests(None)


def test_attachment_types_are_decided_by_content_and_name_together():
    ok = check_attachments([SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.png", PNG)])
    assert [f.content_type for f in ok] == ["application/pdf", "image/png"]
    with pytest.raises(ApplicationError, match="PDF"):  # an executable named like a PDF
        check_attachments([SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00" + b"\x00" * 20)])
    with pytest.raises(ApplicationError):
        check_attachments([SimpleUploadedFile("x.exe", b"")])
    with pytest.raises(ApplicationError, match="x.exe"):  # a PDF under another name is refused too (issue 13)
        check_attachments([SimpleUploadedFile("x.exe", PDF)])
    with pytest.raises(ApplicationError):  # one bad file refuses the set
        check_attachments([SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PNG)])


@override_settings(FINSUP_COMPLAINT_ATTACHMENT_MAX_BYTES=100, FINSUP_COMPLAINT_ATTACHMENT_MAX_FILES=2)
def test_attachment_size_and_count_are_limited():
    with pytest.raises(ApplicationError, match="MB"):
        check_attachments([SimpleUploadedFile("big.pdf", PDF + b"0" * 200)])
    with pytest.raises(ApplicationError):
        check_attachments([SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(3)])
    assert check_attachments([None]) == []


@pytest.mark.django_db
@override_settings(FINSUP_COMPLAINT_RATE_LIMIT=(3, 3600))
def test_the_rate_limit_counts_per_captcha_session_and_window():
    t = datetime.datetime(2026, 5, 1, 10, 5, tzinfo=datetime.UTC)
    for _ in range(3):
        rate_limit.complaint_rate_limit(address="203.0.113.5", session_key="s1", now=t)
    with pytest.raises(rate_limit.RateLimited):
        rate_limit.complaint_rate_limit(address="203.0.113.5", session_key="s1", now=t)
    # Another citizen behind the same address, with their own captcha session, is not blocked.
    rate_limit.complaint_rate_limit(address="203.0.113.5", session_key="s2", now=t)
    rate_limit.complaint_rate_limit(address="203.0.113.5", session_key="s1", now=t + datetime.timedelta(hours=1))


@pytest.mark.django_db
@override_settings(FINSUP_COMPLAINT_ADDRESS_RATE_LIMIT=(2, 3600), FINSUP_COMPLAINT_ADDRESS_ATTEMPT_LIMIT=(4, 3600))
def test_the_address_limits_count_solved_captchas_and_floods():
    t = datetime.datetime(2026, 5, 1, 10, 5, tzinfo=datetime.UTC)
    nat, other = "203.0.113.5", "198.51.100.7"
    # Junk posts (captcha not solved) from new sessions do not use up the address's limit ...
    rate_limit.complaint_rate_limit(address=nat, session_key="junk1", now=t)
    rate_limit.complaint_rate_limit(address=nat, session_key="junk2", now=t)
    # ... solved ones do: two solved submissions behind the NAT, then the address is refused.
    for _ in range(2):
        rate_limit.complaint_rate_count_solved(address=nat, now=t)
    with pytest.raises(rate_limit.RateLimited, match="网络|network"):
        rate_limit.complaint_rate_limit(address=nat, session_key="citizen3", now=t)
    rate_limit.complaint_rate_limit(address=other, session_key="citizen4", now=t)  # another address
    # A flood of attempts, each from a new session, is stopped by the attempt limit.
    for i in range(4):
        rate_limit.complaint_rate_limit(address="192.0.2.9", session_key=f"f{i}", now=t)
    with pytest.raises(rate_limit.RateLimited):
        rate_limit.complaint_rate_limit(address="192.0.2.9", session_key="f5", now=t)

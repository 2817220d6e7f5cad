"""Issue 13 acceptance in a browser: a leader, whose role must use a second factor, logs in with the
password, sets up an authenticator (the key read from the page, the codes computed as an app
would), is shown the recovery codes, logs out, and logs in again with the password and the current
code; a wrong code is refused in Chinese. The devices' clock is fixed (tests/accounts/totp.py)."""

import pytest
from django.test import override_settings

from tests import factories as f
from tests.accounts.totp import T0, code_at, device_clock

from .conftest import login, screenshot


@pytest.mark.browser
@override_settings(FINSUP_OTP_REQUIRED_ROLES=["leader"], OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_leader_enrols_and_logs_in_with_the_second_factor(page, world):
    with device_clock(T0) as clock:
        login(page, "city_leader", f.PASSWORD)
        assert "/accounts/otp/enrol/" in page.url
        assert page.locator("nav.sidenav").count() == 0  # nothing else is open before the second factor
        assert page.text_content("h1").strip() == "设置两步验证"
        assert page.locator("img.otp-qr").evaluate("img => img.complete && img.naturalWidth > 100")
        secret = page.text_content("#otp-secret").strip()
        screenshot(page, "otp-01-enrol")
        page.fill("input[name=code]", code_at(secret, T0))
        page.click("main form.stacked button[type=submit]")
        codes = page.locator("#recovery-codes code").all_text_contents()
        assert len(codes) == 10 and len(set(codes)) == 10
        screenshot(page, "otp-02-recovery-codes")
        page.click("text=我已妥善保存，继续")
        assert page.url.endswith("/dashboard/")

        page.click("header form[action$='/logout/'] button")
        page.wait_for_load_state("networkidle")
        clock.now = T0 + 30  # the next time step: a code is never accepted twice
        login(page, "city_leader", f.PASSWORD)
        assert "/accounts/otp/" in page.url
        right = code_at(secret, clock.now)
        page.fill("input[name=code]", "000000" if right != "000000" else "111111")
        page.click("main form.stacked button[type=submit]")
        assert "验证码错误或已过期" in page.text_content(".errorlist")
        screenshot(page, "otp-03-code-step-wrong-code")
        page.fill("input[name=code]", right)
        page.click("main form.stacked button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/dashboard/")
        assert "临沂市金融工作办公室" in page.text_content("h1")

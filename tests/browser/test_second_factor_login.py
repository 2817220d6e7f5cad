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


@pytest.mark.browser
def test_a_leader_resets_the_authenticator_of_a_clerk_who_lost_the_phone(page, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from finsup.accounts import second_factor

    clerk = world.lanshan["clerk"]
    device = TOTPDevice.objects.create(user=clerk, name="TOTP", confirmed=False)
    with device_clock(T0):
        second_factor.otp_enrol_confirm(user=clerk, device=device, code=code_at(device.key, T0))
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "lanshan_leader", f.PASSWORD)
    page.click("nav.sidenav >> text=用户两步验证")
    row = page.locator(f"tr:has-text('{clerk.display_name}')")
    assert "已开启" in row.text_content() and "10" in row.text_content()
    screenshot(page, "otp-04-users")
    row.locator("button:has-text('重置')").click()
    page.wait_for_load_state("networkidle")
    assert "已删除" in page.text_content(".messages")
    assert "未开启" in page.locator(f"tr:has-text('{clerk.display_name}')").text_content()
    assert not second_factor.has_second_factor(clerk)
    page.click("nav.sidenav >> text=登录安全")
    assert "两步验证" in page.text_content("main")
    screenshot(page, "otp-05-security")

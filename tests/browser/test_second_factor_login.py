"""Issue 13 acceptance in a browser: a leader, whose role must use a second factor, logs in with the
password, sets up an authenticator (the key read from the page, the codes computed as an app
would), is shown the recovery codes, logs out, and logs in again with the password and the current
code; a wrong code is refused in Chinese. The devices' clock is fixed (tests/accounts/totp.py)."""

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests import factories as f
from tests.accounts.totp import T0, code_at, device_clock

from .conftest import login, logout, screenshot


@pytest.mark.browser
@override_settings(FINSUP_OTP_REQUIRED_ROLES=["leader"], OTP_TOTP_THROTTLE_FACTOR=0, OTP_STATIC_THROTTLE_FACTOR=0)
def test_a_leader_enrols_and_logs_in_with_the_second_factor(page, world):
    with device_clock(T0) as clock:
        login(page, "city_leader", f.PASSWORD)
        expect(page).to_have_url(re.compile(r"/accounts/otp/enrol/"))
        expect(page.locator("h1")).to_have_text("设置两步验证")
        expect(page.locator("nav.sidenav")).to_have_count(0)  # nothing else is open before the second factor
        page.wait_for_function(
            "() => { const img = document.querySelector('img.otp-qr'); return img.complete && img.naturalWidth > 100 }"
        )
        expect(page.locator("#otp-secret")).to_be_visible()
        secret = page.text_content("#otp-secret").strip()
        screenshot(page, "otp-01-enrol")
        page.fill("input[name=code]", code_at(secret, T0))
        page.click("main form.stacked button[type=submit]")
        expect(page.locator("h1")).to_have_text("恢复码")
        codes = page.locator("#recovery-codes code")
        expect(codes).to_have_count(10)
        assert len(set(codes.all_text_contents())) == 10
        screenshot(page, "otp-02-recovery-codes")
        page.click("text=我已妥善保存，继续")
        expect(page).to_have_url(re.compile(r"/dashboard/$"))

        logout(page)
        clock.now = T0 + 30  # the next time step: a code is never accepted twice
        login(page, "city_leader", f.PASSWORD)
        expect(page).to_have_url(re.compile(r"/accounts/otp/(\?|$)"))
        expect(page.locator("h1")).to_have_text("验证码")
        right = code_at(secret, clock.now)
        page.fill("input[name=code]", "000000" if right != "000000" else "111111")
        page.click("main form.stacked button[type=submit]")
        expect(page.locator(".errorlist")).to_contain_text("验证码错误或已过期")
        screenshot(page, "otp-03-code-step-wrong-code")
        page.fill("input[name=code]", right)
        page.click("main form.stacked button[type=submit]")
        expect(page).to_have_url(re.compile(r"/dashboard/$"))
        expect(page.locator("h1")).to_have_text("工作台 · 临沂市金融工作办公室")


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
    expect(page.locator("h1")).to_have_text("用户两步验证")
    row = page.locator(f"tr:has-text('{clerk.display_name}')")
    expect(row.locator(".badge")).to_have_text("已开启")
    expect(row.locator("td.num")).to_have_text("10")  # recovery codes left
    screenshot(page, "otp-04-users")
    row.locator("button:has-text('重置')").click()
    expect(page.locator(".messages")).to_have_text(f"已删除{clerk}的身份验证器，其下次登录时需重新设置。")
    expect(row.locator(".badge")).to_have_text("未开启")
    expect(row.locator("td.num")).to_have_text("—")
    assert not second_factor.has_second_factor(clerk)
    page.click("nav.sidenav >> text=登录安全")
    expect(page.locator("h1")).to_have_text("登录安全")
    expect(page.locator("main")).to_contain_text("两步验证")
    screenshot(page, "otp-05-security")

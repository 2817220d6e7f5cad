"""Issue 7 acceptance in a browser: a member of the public files a complaint anonymously on the
portal, the county's lead supervisor handles it, and the redacted result is published under its
tracking code. The test settings fix the captcha at 3 + 4 (FINSUP_CAPTCHA_DETERMINISTIC)."""

import pytest

from tests import factories as f

from .conftest import login, screenshot


@pytest.mark.browser
def test_an_anonymous_complaint_is_handled_and_its_redacted_result_published(page, world):
    supervisor = world.lanshan["lead_supervisor"]
    inst = world.inst_lanshan
    inst.lead_supervisor = supervisor
    inst.save()
    page.on("dialog", lambda dialog: dialog.accept())  # the publish button asks for confirmation

    # The public: no login, from the portal's menu to the form.
    page.goto(page.base + "/")
    page.click("nav.portal-nav >> text=投诉举报")
    page.select_option("select[name=institution]", str(inst.pk))
    page.fill("input[name=subject]", "暴力催收")
    page.fill("textarea[name=description]", "该公司催收员张伟多次拨打我家人电话13912345678进行威胁。")
    page.check("input[name=anonymous]")
    assert page.is_hidden("input[name=name]")  # the identity fields go away (static JS, no inline script)
    page.fill("input[name=captcha]", "7")
    screenshot(page, "complaint-01-portal-form")
    page.click("#complaint-form button[type=submit]")
    code = page.text_content("#tracking-code").strip()
    assert len(code) == 14, code
    screenshot(page, "complaint-02-tracking-code")

    # The county's lead supervisor finds it, accepts, investigates, records the result and publishes.
    login(page, supervisor.username, f.PASSWORD)
    page.goto(page.base + "/handling/complaints/")
    page.click(f"tr:has-text('{code}') >> a")
    assert "匿名" in page.text_content("main")
    page.click("button[name=to_status][value=accepted]")
    page.click("button[name=to_status][value=investigating]")
    page.fill("textarea[name=text]", "内部：已约谈公司总经理，核实催收记录。")
    page.click("text=添加备注")
    page.fill(
        "textarea[name=result]",
        "经调查，该公司催收员张伟确有电话骚扰行为，号码13912345678已核实。已责令公司整改并对张伟作出处理。",
    )
    page.click("#record-result")
    page.fill("input[name=extra_names]", "张伟")
    page.click("#publish-result")
    assert "结果已公开" in page.text_content("#complaint-status")
    screenshot(page, "complaint-03-handled")

    # Anyone with the code sees the status and the redacted result, nothing else.
    page.click("button:has-text('退出'), form[action$='/logout/'] button")
    page.goto(page.base + "/complaints/track/")
    page.fill("input[name=code]", code.lower())
    page.click("text=查询 >> nth=-1")
    result = page.text_content("#published-result")
    screenshot(page, "complaint-04-published-result")
    assert "张*" in result and "139****5678" in result
    assert "张伟" not in result and "13912345678" not in result
    main = page.text_content("main")
    assert "内部" not in main and "暴力催收" not in main

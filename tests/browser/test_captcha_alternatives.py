"""The complaint captcha in a browser: a new picture and the text question arrive without a page
reload (HTMX; what was typed stays), the question in words is answered and the complaint filed.
The test settings fix the sum at 3 + 4."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot


@pytest.mark.browser
def test_a_citizen_who_cannot_read_the_picture_answers_the_question_in_words(page, world):
    page.goto(page.base + "/complaints/new/")
    page.fill("input[name=subject]", "高利放贷")
    page.fill("textarea[name=description]", "借款合同约定月息5分。")
    page.check("input[name=anonymous]")
    page.evaluate("window.notReloaded = true")  # gone if the page were loaded again

    image = page.locator("#captcha-image")
    first = image.get_attribute("src")
    page.click("#captcha-refresh")  # 换一张图片
    expect(image).not_to_have_attribute("src", first)
    expect(image).to_have_js_property("naturalWidth", 286)  # the new picture has loaded ("3 + 4 = ?")
    screenshot(page, "captcha-01-new-picture")

    page.click("#captcha-switch")  # 看不清？改答文字题
    question = page.locator("#captcha-question")
    expect(question).to_have_text("三加四等于几？")
    expect(page.locator("#id_captcha")).to_be_focused()  # read aloud with its question, not lost
    expect(page.locator("#id_captcha")).to_have_attribute("aria-describedby", "captcha-question captcha-help")
    expect(page.locator("#captcha-image")).to_have_count(0)
    expect(page.locator("label[for=id_captcha]")).to_contain_text("请回答下列问题")
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("input[name=subject]")).to_have_value("高利放贷")  # nothing typed is lost
    screenshot(page, "captcha-02-text-question")

    page.fill("input[name=captcha]", "七")
    page.click("#complaint-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("投诉已收到")
    expect(page.locator("#tracking-code")).not_to_be_empty()

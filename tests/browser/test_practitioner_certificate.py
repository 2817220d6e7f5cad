"""Issue 22's practitioner qualification (duty ㉕) in a browser: a county clerk records a
practitioner's training and a passed examination on the practitioner's page and issues the
certificate; the page shows its number (临金从字〔year〕第N号) and the ID number and phone masked.
A certificate asked for before the examination is refused in Chinese and nothing is written."""

import re

import pytest
from playwright.sync_api import expect

from finsup.core import clock
from finsup.qualifications.models import Step
from tests import factories as f
from tests.qualifications.helpers import private_capital

from .conftest import login, screenshot


@pytest.mark.browser
def test_training_a_passed_exam_and_the_certificate(page, world):
    from finsup.qualifications import services

    clerk = world.lanshan["clerk"]
    id_number = f.id_number()
    person = services.practitioner_register(
        by=clerk, institution=private_capital(), name="王小明", id_number=id_number, phone="13812345678"
    )
    login(page, clerk.username, f.PASSWORD)
    page.goto(f"{page.base}/qualifications/")
    expect(page.locator("#practitioners")).to_contain_text("王小明")
    page.click(f"#practitioner-{person.pk} a")
    expect(page.locator("h1")).to_contain_text("王小明")

    page.click("#certificate summary")
    page.locator("#certificate button[type=submit]").click()  # no examination yet: refused
    expect(page.locator("#certificate")).to_contain_text("考试或考核合格后方可颁发资格证书")
    assert not Step.objects.exists()

    page.click("#training summary")
    training = page.locator("#training form")
    training.locator("input[name=training-course]").fill("民间融资从业人员岗前培训")
    training.locator("input[name=training-organiser]").fill("临沂市民间融资行业协会")
    training.locator("input[name=training-hours]").fill("16")
    training.locator("button[type=submit]").click()
    expect(page.locator("#history")).to_contain_text("16学时")

    page.click("#exam summary")
    exam = page.locator("#exam form")
    exam.locator("input[name=exam-score]").fill("86.5")
    exam.locator("input[name=exam-pass_mark]").fill("60")
    exam.locator("button[type=submit]").click()
    expect(page.locator("#history")).to_contain_text("合格")

    page.click("#certificate summary")
    page.locator("#certificate button[type=submit]").click()
    year = clock.today().year
    expect(page).to_have_url(re.compile(rf"/qualifications/{person.pk}/$"))
    expect(page.locator("#certificates")).to_contain_text(f"临金从字〔{year}〕第1号")
    expect(page.locator("#certificates")).to_contain_text("有效")
    expect(page.locator("#id-number")).to_have_text(id_number[:6] + "********" + id_number[-4:])
    expect(page.locator("#practitioner")).to_contain_text("138****5678")
    assert id_number not in page.content()
    screenshot(page, "qualifications-01-certificate-issued")
    page.goto(f"{page.base}/qualifications/")
    expect(page.locator("#practitioners")).to_contain_text(f"临金从字〔{year}〕第1号")
    screenshot(page, "qualifications-02-list")
    assert [s.kind for s in Step.objects.order_by("pk")] == ["training", "exam", "certificate"]

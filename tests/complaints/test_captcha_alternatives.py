"""The captcha's refresh and its text alternative: a new picture or a question in words without
reloading the page (HTMX), each a fresh one-time challenge, both counted against the same limit.
The test settings fix the sum at 3 + 4."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from finsup.complaints import captcha
from finsup.complaints.models import Complaint

pytestmark = pytest.mark.django_db

NEW, REFRESH = reverse("portal:complaint_new"), reverse("portal:complaint_captcha_refresh")
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_a_sum_in_chinese_words_and_answers_in_digits_or_words():
    assert [captcha.number_in_words(n) for n in (0, 7, 10, 12, 20, 45, 99)] == [
        "零",
        "七",
        "十",
        "十二",
        "二十",
        "四十五",
        "九十九",
    ]
    with translation.override("zh-hans"):
        assert captcha.in_words("12 + 5 = ?") == "十二加五等于几？"
        assert captcha.in_words("30 - 9 = ?") == "三十减九等于几？"
    with translation.override("en"):
        assert captcha.in_words("12 + 5 = ?") == "What is 12 plus 5?"
    answers = (" 17 ", "１７", "十七", "二十", "abc", "")
    assert [captcha.normalise(a) for a in answers] == ["17", "17", "17", "20", "abc", ""]


def test_the_form_offers_a_new_picture_and_the_text_question(client):
    html = client.get(NEW).content.decode()
    version = client.session[captcha.SESSION_KEY]["v"]
    assert f'src="{reverse("portal:complaint_captcha")}?v={version}"' in html
    assert f'hx-post="{REFRESH}"' in html and "换一张图片" in html and "看不清？改答文字题" in html


def test_htmx_answers_only_the_captcha_with_a_fresh_challenge_in_the_mode_asked(client):
    client.get(NEW)
    before = client.session[captcha.SESSION_KEY]["v"]
    response = client.post(REFRESH, {"mode": "text"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and 'id="captcha"' in html
    assert "三加四等于几？" in html and "<img" not in html
    assert client.session[captcha.SESSION_KEY]["v"] != before and client.session[captcha.MODE_KEY] == "text"
    picture = client.post(REFRESH, {"mode": "image"}, **HTMX).content.decode()
    assert "<img" in picture and "三加四" not in picture


def test_the_text_answer_files_the_complaint_once(client):
    client.get(NEW)
    client.post(REFRESH, {"mode": "text"}, **HTMX)
    data = {"kind": "complaint", "subject": "违规收费", "description": "收取砍头息。", "anonymous": "on"}
    assert client.post(NEW, data | {"captcha": "七"}).status_code == 302
    assert Complaint.objects.count() == 1
    # The challenge is spent: the next form comes back in the mode chosen, with a new question.
    page = client.get(NEW).content.decode()
    assert "三加四等于几？" in page


def test_a_refreshed_challenge_replaces_the_old_one(client, monkeypatch):
    sums = iter([("11 + 2 = ?", "13"), ("20 - 5 = ?", "15")])
    monkeypatch.setattr(captcha, "new_challenge", lambda: next(sums))
    client.get(NEW)  # 11 + 2
    assert "二十减五等于几？" in client.post(REFRESH, {"mode": "text"}, **HTMX).content.decode()
    data = {"kind": "complaint", "subject": "违规收费", "description": "收取砍头息。", "anonymous": "on"}
    monkeypatch.setattr(captcha, "new_challenge", lambda: ("3 + 4 = ?", "7"))
    refused = client.post(NEW, data | {"captcha": "13"})  # the old picture's answer
    assert refused.status_code == 200 and not Complaint.objects.exists()


@override_settings(FINSUP_CAPTCHA_REFRESH_LIMIT=(2, 3600))
def test_refreshes_are_rate_limited_and_the_challenge_in_hand_stays(client):
    client.get(NEW)
    for _n in range(2):
        assert "<img" in client.post(REFRESH, {"mode": "image"}, **HTMX).content.decode()
    kept = client.session[captcha.SESSION_KEY]["v"]
    refused = client.post(REFRESH, {"mode": "text"}, **HTMX)
    assert refused.status_code == 200 and "更换验证码过于频繁" in refused.content.decode()
    assert client.session[captcha.SESSION_KEY]["v"] == kept and client.session.get(captcha.MODE_KEY) == "image"
    # Without script the same refusal is a 429 page.
    assert client.post(REFRESH, {"mode": "text", "subject": "违规收费"}).status_code == 429


def test_without_script_the_whole_form_comes_back_with_what_was_typed(client):
    client.get(NEW)
    typed = {"subject": "违规收费", "description": "收取砍头息。", "captcha": "9"}
    response = client.post(REFRESH, typed | {"mode": "text"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert 'value="违规收费"' in html and "收取砍头息。</textarea>" in html and "三加四等于几？" in html
    assert 'name="captcha" value="9"' not in html
    assert 'formaction="/complaints/captcha/new/"' in html  # the buttons that work without script

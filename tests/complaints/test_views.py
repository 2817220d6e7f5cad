"""The pages: the public form end to end through the test client, and the staff pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finsup.complaints.models import Complaint, SubmissionCounter
from finsup.complaints.portal_views import FILED_KEY

from .factories import PDF, PNG, file_complaint

pytestmark = pytest.mark.django_db


def _form(client, **data):
    client.get(reverse("portal:complaint_new"))
    payload = {
        "kind": "complaint",
        "subject": "违规收费",
        "description": "收取砍头息。",
        "anonymous": "on",
        "captcha": "7",
    }
    payload.update(data)
    return client.post(reverse("portal:complaint_new"), payload)


def test_an_anonymous_complaint_with_an_attachment_is_filed(world, client):
    response = _form(client, institution=world.inst_lanshan.pk, attachments=[SimpleUploadedFile("合同.pdf", PDF)])
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert c.anonymous and c.office == world.inst_lanshan.county and c.attachments.count() == 1
    page = client.get(response.url)
    assert c.tracking_code in page.content.decode()
    track = client.get(reverse("portal:complaint_track"), {"code": c.tracking_code})
    assert "违规收费" not in track.content.decode()  # the subject is not shown publicly
    assert c.get_status_display() in track.content.decode()


def test_a_wrong_captcha_or_bad_file_saves_nothing(world, client):
    assert _form(client, captcha="8").status_code == 200
    bad = _form(client, attachments=[SimpleUploadedFile("a.pdf", b"not a pdf")])
    assert bad.status_code == 200 and "PDF" in bad.content.decode()
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        # issue 13: a file beginning %PDF- followed by HTML was accepted under its .html name
        ("page.html", b"%PDF-<html><script>alert(1)</script></html>", "不接受“page.html”"),
        ("合同.pdf", b"<!DOCTYPE html><html><body>x</body></html>", "不是其文件名所示的 PDF 文件"),
    ],
)
def test_an_attachment_whose_name_and_content_disagree_is_refused_and_nothing_is_stored(
    world, client, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    response = _form(
        client, attachments=[SimpleUploadedFile("照片.png", PNG), SimpleUploadedFile(name, content, "application/pdf")]
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Complaint.objects.exists() and not any(tmp_path.rglob("*"))


def test_the_captcha_image_is_served(client):
    client.get(reverse("portal:complaint_new"))
    response = client.get(reverse("portal:complaint_captcha"))
    assert response["Content-Type"] == "image/png" and "no-store" in response["Cache-Control"]


def test_too_many_submissions_answer_429(world, client, settings):
    settings.FINSUP_COMPLAINT_RATE_LIMIT = (2, 3600)
    assert _form(client).status_code == 302
    assert _form(client).status_code == 302
    response = _form(client)
    assert response.status_code == 429 and Complaint.objects.count() == 2
    # The session's counter holds the three attempts (the third refused); the address's attempts
    # and solved captchas, the two that went through.
    assert sorted(SubmissionCounter.objects.values_list("count", flat=True)) == [2, 2, 3]


def test_the_filed_page_needs_a_filing(client):
    assert client.get(reverse("portal:complaint_filed")).status_code == 302
    session = client.session
    session[FILED_KEY] = "ABCD-EFGH-JKMN"
    session.save()
    assert "ABCD-EFGH-JKMN" in client.get(reverse("portal:complaint_filed")).content.decode()


def test_the_supervisor_handles_and_publishes_through_the_pages(world, client):
    c = file_complaint(world.inst_lanshan, anonymous=False)
    client.force_login(world.lanshan["lead_supervisor"])
    detail = reverse("complaints:detail", args=[c.pk])
    assert "王小明" in client.get(detail).content.decode()
    assert client.post(reverse("complaints:step", args=[c.pk]), {"to_status": "accepted"}).status_code == 302
    assert client.post(reverse("complaints:step", args=[c.pk]), {"to_status": "investigating"}).status_code == 302
    client.post(reverse("complaints:note", args=[c.pk]), {"text": "内部备注"})
    result = "经核查，王小明反映属实，已责令整改。"
    assert client.post(reverse("complaints:result", args=[c.pk]), {"result": result}).status_code == 302
    assert "王**" in client.get(detail).content.decode()  # the preview
    assert client.post(reverse("complaints:publish", args=[c.pk]), {"extra_names": ""}).status_code == 302
    c.refresh_from_db()
    assert c.status == "published"
    client.logout()
    page = client.get(reverse("portal:complaint_track"), {"code": c.tracking_code}).content.decode()
    assert "王**反映属实" in page and "王小明" not in page and "内部备注" not in page


def test_a_refused_step_shows_the_reason_and_changes_nothing(world, client):
    c = file_complaint(world.inst_lanshan)
    client.force_login(world.lanshan["clerk"])
    response = client.post(reverse("complaints:step", args=[c.pk]), {"to_status": "declined", "note": ""})
    assert response.status_code == 400
    c.refresh_from_db()
    assert c.status == "received"


def test_the_complaint_list_is_not_a_query_per_row(world, client, django_assert_max_num_queries):
    for _ in range(5):
        file_complaint(world.inst_lanshan)
    client.force_login(world.lanshan["leader"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("complaints:list")).status_code == 200

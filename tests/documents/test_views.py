import pytest

from finsup.documents import services
from finsup.documents.choices import DocumentKind

from .issuing import signed_off
from .samples import SAMPLES


@pytest.fixture
def documents(world, offices, fake_pdf):
    _, lanshan = offices

    def draft():
        return services.document_draft(
            kind=DocumentKind.OPINION_LETTER,
            office=lanshan,
            institution=world.inst_lanshan,
            context=SAMPLES[DocumentKind.OPINION_LETTER],
            by=world.lanshan["inspector"],
        )

    final = signed_off(draft(), by=world.lanshan["leader"])
    return final, draft()


def test_staff_of_the_office_tree_download_drafts_and_finals(world, documents, client_for):
    final, draft = documents
    for user in (world.lanshan["inspector"], world.city["auditor"]):
        client = client_for(user)
        response = client.get(f"/documents/{final.pk}/pdf")
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        assert client.get(f"/documents/{final.pk}/docx")["Content-Type"].startswith("application/vnd.openxml")
        assert client.get(f"/documents/{draft.pk}/docx").status_code == 200
        assert client.get(f"/documents/{draft.pk}/pdf").status_code == 404  # a draft has no PDF


def test_other_counties_and_institutions_get_404(world, documents, client_for):
    final, draft = documents
    for user in (world.luozhuang["leader"], world.clerk_luozhuang_inst):
        client = client_for(user)
        for pk in (final.pk, draft.pk):
            assert client.get(f"/documents/{pk}/docx").status_code == 404
            assert client.get(f"/documents/{pk}/pdf").status_code == 404


def test_the_institution_sees_only_its_final_documents(world, documents, client_for):
    final, draft = documents
    client = client_for(world.clerk_lanshan_inst)
    assert client.get(f"/documents/{final.pk}/pdf").status_code == 200
    assert client.get(f"/documents/{final.pk}/docx").status_code == 200
    assert client.get(f"/documents/{draft.pk}/docx").status_code == 404


def test_anonymous_users_are_sent_to_login(documents, client):
    final, _ = documents
    assert client.get(f"/documents/{final.pk}/pdf").status_code == 302


def test_the_institution_does_not_read_the_offices_internal_records_about_it(world, offices, fake_pdf, client_for):
    """An inspection report concerns the institution but is the office's own record: it is never
    delivered, so the institution's users get 404 on it, as on anything else not delivered to them."""
    _, lanshan = offices
    report = services.document_draft(
        kind=DocumentKind.INSPECTION_REPORT,
        office=lanshan,
        institution=world.inst_lanshan,
        context=SAMPLES[DocumentKind.INSPECTION_REPORT],
        by=world.lanshan["inspector"],
    )
    report = signed_off(report, by=world.lanshan["leader"])
    assert client_for(world.lanshan["inspector"]).get(f"/documents/{report.pk}/pdf").status_code == 200
    client = client_for(world.clerk_lanshan_inst)
    for path in ("pdf", "docx", ""):
        assert client.get(f"/documents/{report.pk}/{path}").status_code == 404, path

"""The timeline names each of the office's documents by its own title and number (文号) and links
it where the viewer may open it; the tab says 监管文书 (it once said 申请材料, the applicants'
materials, and linked nothing)."""

from django.urls import reverse
from django.utils import translation

from finsup.documents.choices import KIND_TITLES
from finsup.documents.selectors import documents_visible
from finsup.inspections.models import IssuedDocument
from finsup.inspections.timeline import institution_timeline
from tests.documents.issuing import sign_all_open

from .helpers import to_rectification


def _documents(user, institution):
    return [e for e in institution_timeline(user=user, institution=institution) if e.kind == "document"]


def test_each_document_by_its_title_and_number_linked_to_its_file(world):
    to_rectification(world.lanshan, world.inst_lanshan)
    sign_all_open()
    issued = list(IssuedDocument.objects.filter(institution=world.inst_lanshan).order_by("issued_at", "pk"))
    assert len(issued) >= 3  # notice, opinion letter, rectification notice
    entries = _documents(world.lanshan["lead_supervisor"], world.inst_lanshan)
    files = documents_visible(actor=world.lanshan["lead_supervisor"], ids=[d.document_id for d in issued])
    assert len(entries) == len(issued) == len(files)
    for entry, paper in zip(entries, issued, strict=True):
        document = files[paper.document_id]
        assert entry.title == f"{document.title}（{paper.number}）"
        assert entry.url == reverse("documents:pdf", args=[document.pk])
    assert any("意见书" in e.title for e in entries) and any("整改通知书" in e.title for e in entries)


def test_a_document_the_viewer_may_not_open_is_named_but_not_linked(world):
    to_rectification(world.city, world.inst_lanshan)  # the city inspects a Lanshan company
    sign_all_open()
    county = world.lanshan["lead_supervisor"]
    entries = _documents(county, world.inst_lanshan)
    assert entries, "the county sees that the city issued documents about its institution"
    assert documents_visible(actor=county, ids=[d.document_id for d in IssuedDocument.objects.all()]) == {}
    assert all(e.url is None for e in entries)
    issued = IssuedDocument.objects.filter(institution=world.inst_lanshan).order_by("issued_at", "pk")
    with translation.override("zh-hans"):  # still named: its printed title and number
        assert [e.title for e in entries] == [f"{KIND_TITLES[d.kind]}（{d.number}）" for d in issued]
    assert all(e.url for e in _documents(world.city["lead_supervisor"], world.inst_lanshan))


def test_the_timeline_page_names_the_tab_and_links_the_file(world, client):
    to_rectification(world.lanshan, world.inst_lanshan)
    sign_all_open()
    client.force_login(world.lanshan["inspector"])
    url = reverse("measures:timeline", args=[world.inst_lanshan.pk])
    html = client.get(url + "?kind=document").content.decode()
    assert "监管文书" in html and "申请材料" not in html
    document = IssuedDocument.objects.filter(institution=world.inst_lanshan).first()
    link = reverse("documents:pdf", args=[document.document_id])
    assert f'href="{link}"' in html
    assert client.get(link).status_code == 200  # the link opens for this viewer
    full = client.get(url).content.decode()
    assert f'href="{reverse("inspections:detail", args=[document.inspection_id])}"' in full


def test_the_inspection_page_lists_each_document_by_its_printed_title(client, world):
    """One title: the inspection page lists the title the document prints (KIND_TITLES), in every
    interface language (the list once said 现场检查情况确认书 of a 现场检查事实确认书)."""
    inspection = to_rectification(world.lanshan, world.inst_lanshan)
    client.force_login(world.lanshan["lead_supervisor"])
    for language in ("zh-hans", "en"):
        text = client.get(f"/inspections/{inspection.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        for paper in IssuedDocument.objects.filter(inspection=inspection):
            assert f"<td>{KIND_TITLES[paper.kind]}</td>" in text, (language, paper.kind)
        assert "现场检查情况确认书" not in text

import io
import threading

import pytest
from django.db import connection
from django.utils import timezone, translation
from docx import Document

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError
from finsup.documents import pdf, services
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.documents.models import DocumentCounter, OfficialDocument

from .issuing import signed_off
from .samples import SAMPLES

NOTICE = DocumentKind.INSPECTION_NOTICE


def _draft(world, office, kind=NOTICE, institution=None, by=None, **extra):
    return services.document_draft(
        kind=kind,
        office=office,
        institution=institution or world.inst_lanshan,
        context={**SAMPLES[kind], **extra},
        by=by or world.city["inspector"],
    )


def _docx_text(document) -> str:
    with document.docx.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


def test_a_draft_is_version_one_with_a_placeholder_number(world, offices):
    city, _ = offices
    document = _draft(world, city)
    assert (document.version, document.status, document.number, document.seq) == (1, DocumentStatus.DRAFT, "", None)
    year = timezone.localdate().year
    assert document.docx.name == f"documents/{year}/371300/{document.pk}-v1-draft.docx"
    text = _docx_text(document)
    assert "临金办检〔 〕号" in text and "现场检查通知书" in text
    assert f"{world.inst_lanshan.name}：" in text
    assert "2026年11月10日至14日" in text and "组长：王明；成员：李华、赵强。" in text
    assert len(document.docx_sha256) == 64 and not document.pdf
    assert AuditEntry.objects.filter(object_type="documents.officialdocument", object_id=str(document.pk)).exists()


def test_missing_content_is_refused_in_chinese(world, offices):
    city, _ = offices
    context = dict(SAMPLES[NOTICE])
    del context["team"], context["scope"]
    with translation.override("zh-hans"), pytest.raises(ApplicationError) as error:
        services.document_draft(
            kind=NOTICE, office=city, institution=world.inst_lanshan, context=context, by=world.city["inspector"]
        )
    assert "缺少" in error.value.message and "scope" in error.value.message and "team" in error.value.message
    assert not OfficialDocument.objects.exists()


def test_malformed_content_is_refused(world, offices):
    city, _ = offices
    with pytest.raises(ApplicationError) as error:
        _draft(world, city, start_date="下周一", team="王明")
    assert "start_date" in error.value.message and "team" in error.value.message


def test_revising_makes_a_new_version_and_keeps_the_old_one(world, offices, fake_pdf):
    city, _ = offices
    first = _draft(world, city)
    kept = OfficialDocument.objects.values().get(pk=first.pk)
    second = services.document_revise(
        document=first, context={**SAMPLES[NOTICE], "scope": "反洗钱工作情况"}, by=world.city["inspector"]
    )
    assert (second.series, second.version, second.status) == (first.series, 2, DocumentStatus.DRAFT)
    assert second.pk != first.pk and second.docx.name != first.docx.name
    assert OfficialDocument.objects.values().get(pk=first.pk) == kept
    assert "反洗钱工作情况" in _docx_text(second) and "反洗钱工作情况" not in _docx_text(first)
    with translation.override("zh-hans"), pytest.raises(ApplicationError, match="最新版本"):
        signed_off(first, by=world.city["leader"])
    final = signed_off(second, by=world.city["leader"])
    assert final.version == 2 and final.status == DocumentStatus.FINAL


def test_numbers_follow_each_other_per_office_year_and_word(world, offices, fake_pdf):
    city, lanshan = offices
    year = timezone.localdate().year
    numbers = [signed_off(_draft(world, city), by=world.city["leader"]).number for _ in range(3)]
    assert numbers == [f"临金办检〔{year}〕{n}号" for n in (1, 2, 3)]
    interview = _draft(world, city, kind=DocumentKind.INTERVIEW_NOTICE)
    assert signed_off(interview, by=world.city["leader"]).number == f"临金办谈〔{year}〕1号"
    county = _draft(world, lanshan, by=world.lanshan["inspector"])
    assert signed_off(county, by=world.lanshan["leader"]).number == f"兰金办检〔{year}〕1号"
    measure = _draft(world, lanshan, kind=DocumentKind.MEASURE_DECISION, by=world.lanshan["leader"])
    assert signed_off(measure, by=world.lanshan["leader"]).number == f"兰金办措〔{year}〕1号"
    assert DocumentCounter.objects.get(office=city, year=year, word="检").last == 3


def test_a_final_document_is_locked(world, offices, fake_pdf):
    city, _ = offices
    final = signed_off(_draft(world, city), by=world.city["leader"])
    assert final.pdf.name.endswith(f"{final.pk}-v1.pdf") and len(final.pdf_sha256) == 64
    assert final.docx.name.endswith(f"{final.pk}-v1.docx") and final.number in _docx_text(final)
    row, counters = OfficialDocument.objects.values().get(pk=final.pk), list(DocumentCounter.objects.values())
    with translation.override("zh-hans"):
        with pytest.raises(ApplicationError, match="已签发"):
            services.document_revise(document=final, context=SAMPLES[NOTICE], by=world.city["leader"])
        with pytest.raises(ApplicationError, match="已签发"):
            signed_off(final, by=world.city["leader"])
    assert OfficialDocument.objects.values().get(pk=final.pk) == row
    assert list(DocumentCounter.objects.values()) == counters
    assert OfficialDocument.objects.filter(series=final.series).count() == 1


def test_documents_are_issued_only_within_jurisdiction(world, offices):
    city, lanshan = offices
    with pytest.raises(ApplicationError):  # a county's staff in the city's name
        _draft(world, city, by=world.lanshan["inspector"])
    with pytest.raises(ApplicationError):  # a county office about another county's institution
        _draft(world, lanshan, institution=world.inst_luozhuang, by=world.lanshan["inspector"])
    with pytest.raises(ApplicationError):  # an institution's user
        _draft(world, lanshan, by=world.clerk_lanshan_inst)
    assert not OfficialDocument.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: row locks are what is tested")
@pytest.mark.django_db(transaction=True)
def test_concurrent_finalisations_get_distinct_numbers(world, offices, monkeypatch):
    city, _ = offices
    drafts = [_draft(world, city) for _ in range(2)]
    barrier = threading.Barrier(2)

    def slow(docs, **_):
        threading.Event().wait(0.3)  # hold the counter lock while the other one waits for it
        return [b"%PDF-1.4 fake" for _ in docs]

    monkeypatch.setattr(pdf, "docx_to_pdf_many", slow)
    results, errors = [], []

    def finalise(document):
        try:
            barrier.wait()
            results.append(signed_off(document, by=world.city["leader"]).seq)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalise, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [1, 2]
    assert DocumentCounter.objects.get(office=city, word="检").last == 2


def test_an_inspector_cannot_number_a_document_alone(world, offices, fake_pdf):
    """Issue 17: draft → checked (核稿, not by the drafter) → signed off (签发) by a leader of the
    issuing office itself; every refusal is in Chinese and changes nothing."""
    city, lanshan = offices
    draft = _draft(world, lanshan, by=world.lanshan["inspector"])
    row = OfficialDocument.objects.values().get(pk=draft.pk)
    with translation.override("zh-hans"):
        with pytest.raises(ApplicationError, match="领导"):  # the inspector signs off alone
            services.document_sign_off(document=draft, by=world.lanshan["inspector"])
        with pytest.raises(ApplicationError, match="主监管员或领导"):  # nor checks
            services.document_check(document=draft, by=world.lanshan["inspector"])
        with pytest.raises(ApplicationError, match="尚未核稿"):  # the leader signs only a checked draft
            services.document_sign_off(document=draft, by=world.lanshan["leader"])
    assert OfficialDocument.objects.values().get(pk=draft.pk) == row

    own = _draft(world, lanshan, by=world.lanshan["lead_supervisor"])
    with translation.override("zh-hans"), pytest.raises(ApplicationError, match="起草人以外"):
        services.document_check(document=own, by=world.lanshan["lead_supervisor"])

    checked = services.document_check(document=draft, by=world.lanshan["lead_supervisor"])
    assert (checked.status, checked.checked_by, checked.number) == (
        DocumentStatus.CHECKED,
        world.lanshan["lead_supervisor"],
        "",
    )
    with (
        translation.override("zh-hans"),
        pytest.raises(ApplicationError, match="兰山"),
    ):  # the city's leader: not his office
        services.document_sign_off(document=checked, by=world.city["leader"])
    assert not DocumentCounter.objects.exists()
    final = services.document_sign_off(document=checked, by=world.lanshan["leader"])
    assert final.status == DocumentStatus.FINAL and final.finalised_by == world.lanshan["leader"]
    assert final.number == f"兰金办检〔{timezone.localdate().year}〕1号"
    actions = list(
        AuditEntry.objects.filter(object_type="documents.officialdocument", object_id=str(draft.pk))
        .order_by("pk")
        .values_list("changes__status", flat=True)
    )
    actions = [a for a in actions if a]  # the PDF's own entry changes no status
    assert actions[-2:] == [["draft", "checked"], ["checked", "final"]]


def test_a_revision_after_the_check_is_checked_again(world, offices, fake_pdf):
    city, _ = offices
    checked = services.document_check(document=_draft(world, city), by=world.city["lead_supervisor"])
    revised = services.document_revise(document=checked, context=SAMPLES[NOTICE], by=world.city["inspector"])
    assert revised.status == DocumentStatus.DRAFT
    with pytest.raises(ApplicationError):
        services.document_sign_off(document=revised, by=world.city["leader"])
    with pytest.raises(ApplicationError):  # the superseded checked version cannot be signed either
        services.document_sign_off(document=checked, by=world.city["leader"])
    assert signed_off(revised, by=world.city["leader"]).version == 2


def test_a_document_to_another_authority_needs_no_institution(world, offices, fake_pdf):
    city, _ = offices
    document = services.document_draft(
        kind=NOTICE,
        office=city,
        context={**SAMPLES[NOTICE], "addressee": "山东省地方金融管理局", "institution_name": "山东省地方金融管理局"},
        by=world.city["inspector"],
    )
    assert document.institution is None and "山东省地方金融管理局" in _docx_text(document)
    final = signed_off(document, by=world.city["leader"])
    assert final.number
    assert not OfficialDocument.objects.for_user(world.clerk_lanshan_inst).filter(pk=final.pk).exists()

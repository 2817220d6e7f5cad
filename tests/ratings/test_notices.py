"""The notices of rating results: drafted by the city for every institution of a final cycle, with
the level, score, main deductions and the supervision the scheme attaches to the level."""

import io

import pytest
from docx import Document

from finsup.core.errors import ApplicationError, PermissionDenied
from finsup.documents.choices import DocumentKind, DocumentStatus
from finsup.documents.models import OfficialDocument
from finsup.ratings import services
from finsup.ratings.models import Rating

from .helpers import full_marks, run_cycle

WEAK = {"governance": (40, "董事会未按章程召开"), "rectification": (100, "整改到位")}


def _docx_text(document) -> str:
    with document.docx.open("rb") as handle:
        return "\n".join(p.text for p in Document(io.BytesIO(handle.read())).paragraphs)


@pytest.fixture
def cycle(world):
    institutions = [world.inst_lanshan, world.inst_luozhuang]
    return run_cycle(world, year=2025, kind="microloan", institutions=institutions, scores=WEAK)


def test_the_city_drafts_a_notice_per_institution_with_level_score_and_deductions(world, cycle):
    rating = Rating.objects.get(cycle=cycle, institution=world.inst_lanshan)
    drafts = services.cycle_notices_draft(cycle=cycle, by=world.city["lead_supervisor"])
    assert {d.institution for d in drafts} == {world.inst_lanshan, world.inst_luozhuang}
    notice = next(d for d in drafts if d.institution == world.inst_lanshan)
    assert (notice.kind, notice.status, notice.word) == (DocumentKind.RATING_NOTICE, DocumentStatus.DRAFT, "评")
    assert notice.office == cycle.office and notice.institution == world.inst_lanshan and notice.subject == rating
    context = notice.context
    assert context["year"] == "2025" and context["scheme"] == "《小额贷款公司分类评级办法（2023）》"
    assert context["score"] == f"{rating.final_total:.2f}" and context["level"] == rating.get_final_level_display()
    governance = next(d for d in context["deductions"] if d.startswith("公司治理与内控"))
    assert governance == "公司治理与内控（权重20%）：得分40分，扣减综合得分12分。理由：董事会未按章程召开。"
    level = cycle.scheme.levels[rating.final_level]
    assert f"现场检查：{level.inspection_zh}" in context["supervision"]
    assert "复核申请" in context["review_right"]
    text = _docx_text(notice)
    assert "临金办评〔 〕号" in text and f"{world.inst_lanshan.name}：" in text and governance in text


def test_drafting_again_is_refused_until_an_appeal_changes_the_level(world, cycle):
    services.cycle_notices_draft(cycle=cycle, by=world.city["leader"])
    with pytest.raises(ApplicationError):
        services.cycle_notices_draft(cycle=cycle, by=world.city["leader"])
    rating = Rating.objects.get(cycle=cycle, institution=world.inst_lanshan)
    services.rating_appeal_file(rating=rating, by=world.clerk_lanshan_inst, reason="治理评分过低")
    new = "I" if rating.final_level != "I" else "II"
    services.rating_appeal_decide(rating=rating, by=world.city["leader"], decision="changed", reason="复核", level=new)
    again = services.cycle_notices_draft(cycle=cycle, by=world.city["leader"])
    assert [d.context["level"] for d in again] == [Rating.objects.get(pk=rating.pk).get_final_level_display()]


def test_only_the_city_drafts_and_only_for_a_final_cycle(world):
    open_cycle = services.cycle_create(by=world.city["leader"], year=2025, kind="microloan", sample_size=0, seed=1)
    for inst, county in ((world.inst_lanshan, world.lanshan), (world.inst_luozhuang, world.luozhuang)):
        services.rating_initial(
            cycle=open_cycle, institution=inst, by=county["lead_supervisor"], scores=full_marks(open_cycle.scheme)
        )
    with pytest.raises(ApplicationError):
        services.cycle_notices_draft(cycle=open_cycle, by=world.city["leader"])
    with pytest.raises(PermissionDenied):
        services.cycle_notices_draft(cycle=open_cycle, by=world.lanshan["leader"])
    assert not OfficialDocument.objects.exists()


def test_the_cycle_page_offers_the_step_and_the_rating_page_lists_the_notice(world, cycle, client_for):
    client = client_for(world.city["leader"])
    page = client.get(cycle.get_absolute_url())
    assert b'id="draft-notices"' in page.content
    response = client.post(f"/ratings/{cycle.pk}/notices/")
    assert response.status_code == 302
    notice = OfficialDocument.objects.get(kind=DocumentKind.RATING_NOTICE, institution=world.inst_lanshan)
    rating = Rating.objects.get(cycle=cycle, institution=world.inst_lanshan)
    assert notice.title.encode() in client.get(rating.get_absolute_url()).content
    # a draft is not the institution's to see
    assert notice.title.encode() not in client_for(world.clerk_lanshan_inst).get(rating.get_absolute_url()).content

"""What an institution reads of its own breaches (its filing's results, the list, one breach) and
what it must not: other institutions' breaches (404), who handles its warnings, the office's notes,
the office's own analysis. The answer through the page, the decision on the warning's page, the
waiting items of both sides and the rulebook's count per rule."""

import pytest

from finsup.monitoring import justification as j
from finsup.monitoring.choices import JustificationStatus, WarningSource, WarningStatus
from finsup.monitoring.models import JustificationEvent
from finsup.monitoring.services import warning_transition
from finsup.notifications.waiting import waiting_for

from .breach_helpers import RELATED_PARTY, SHORT_TERM, filed_breaches
from .factories import make_warning

PDF = b"%PDF-1.4 justification"


@pytest.fixture
def own(world):
    return filed_breaches(world)


@pytest.fixture
def other(world):
    """Another private-capital company, of the other county, with its own breaches."""
    return filed_breaches(world, county="371311", prefix="huaxin")


def test_the_filing_page_shows_the_institution_its_results_and_their_justification(client, own):
    client.force_login(own.clerk)
    page = client.get(own.filing.get_absolute_url()).content.decode()
    assert "短期财务性投资（6个月以下）" in page and "未达标" in page and "达标" in page
    assert "40.00%" in page and "≤ 30%" in page and "鲁金监发〔2020〕7号" in page
    assert f"/warnings/breaches/{own.short_term.pk}/" in page and f"/warnings/breaches/{own.related_party.pk}/" in page
    assert SHORT_TERM not in page and RELATED_PARTY not in page  # rules by their description, never their id
    assert own.short_term.get_absolute_url() + '"' not in page  # not the office's warning page


def test_staff_read_the_justification_status_on_the_filing_and_link_to_the_warning(client, world, own):
    j.justification_submit(warning=own.short_term, by=own.clerk, text="临时性投资")
    client.force_login(world.lanshan["clerk"])
    page = client.get(own.filing.get_absolute_url()).content.decode()
    assert f'href="/warnings/{own.short_term.pk}/"' in page and "jstatus-waiting" in page


def test_the_breach_list_shows_the_institution_its_own_rule_breaches_only(client, world, own, other):
    late = make_warning(own.institution, source=WarningSource.LATE_FILING, title="逾期报送预警")
    sharp = make_warning(own.institution, source=WarningSource.SHARP_CHANGE, title="指标大幅波动")
    client.force_login(own.clerk)
    page = client.get("/warnings/breaches/").content.decode()
    assert own.short_term.title in page and own.related_party.title in page
    assert f"/warnings/breaches/{other.short_term.pk}/" not in page
    assert late.title not in page and sharp.title not in page
    assert world.lanshan["lead_supervisor"].username not in page
    for hidden in (late, sharp):
        assert client.get(f"/warnings/breaches/{hidden.pk}/").status_code == 404
    assert client.get("/warnings/").status_code == 404  # the office's warning pages stay staff pages
    assert client.get(f"/warnings/{own.short_term.pk}/").status_code == 404


def test_the_breach_page_shows_the_figures_and_hides_the_office_s_handling(client, world, own):
    lead = world.lanshan["lead_supervisor"]
    warning_transition(warning=own.short_term, to_status=WarningStatus.ACKNOWLEDGED, by=lead, reason="内部：拟约谈高管")
    client.force_login(own.clerk)
    page = client.get(f"/warnings/breaches/{own.short_term.pk}/").content.decode()
    for shown in ("短期财务性投资", "40.00%", "≤ 30%", "鲁金监发〔2020〕7号", "已签收", own.filing.get_absolute_url()):
        assert shown in page, shown
    for hidden in ("内部：拟约谈高管", lead.username, lead.display_name, SHORT_TERM, own.short_term.detail):
        assert hidden not in page, hidden
    assert 'name="text"' in page and 'enctype="multipart/form-data"' in page


def test_the_institution_answers_through_the_page_with_a_file(client, world, own, tmp_path):
    upload = tmp_path / "说明.pdf"
    upload.write_bytes(PDF)
    client.force_login(own.clerk)
    with upload.open("rb") as fh:
        response = client.post(
            f"/warnings/breaches/{own.short_term.pk}/justify/", {"text": "季末临时投资，已收回。", "attachment": fh}
        )
    assert response.status_code == 302 and response["Location"] == f"/warnings/breaches/{own.short_term.pk}/"
    event = JustificationEvent.objects.get()
    assert event.attachment_name == "说明.pdf" and event.by == own.clerk
    page = client.get(response["Location"]).content.decode()
    assert "季末临时投资，已收回。" in page and f"/warnings/justifications/{event.pk}/attachment/" in page
    assert 'name="text"' not in page  # waiting for the decision: nothing more to send
    download = client.get(f"/warnings/justifications/{event.pk}/attachment/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    client.force_login(world.lanshan["inspector"])  # staff who see the warning read the file too
    assert client.get(f"/warnings/justifications/{event.pk}/attachment/").status_code == 200


def test_a_bad_answer_is_shown_on_the_page_and_stores_nothing(client, own, tmp_path):
    not_pdf = tmp_path / "说明.pdf"
    not_pdf.write_bytes(b"MZ\x90\x00 an executable")
    client.force_login(own.clerk)
    with not_pdf.open("rb") as fh:
        response = client.post(f"/warnings/breaches/{own.short_term.pk}/justify/", {"text": "说明", "attachment": fh})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    response = client.post(f"/warnings/breaches/{own.short_term.pk}/justify/", {"text": "  "})
    assert response.status_code == 400
    assert not JustificationEvent.objects.exists()


def test_an_institution_gets_404_on_another_s_results_breaches_and_files(client, world, own, other):
    event = j.justification_submit(warning=own.short_term, by=own.clerk, text="说明")
    for outsider in (other.clerk, world.clerk_lanshan_inst):  # another county's company, and one of the same county
        client.force_login(outsider)
        assert client.get(own.filing.get_absolute_url()).status_code == 404
        assert client.get(f"/warnings/breaches/{own.short_term.pk}/").status_code == 404
        assert client.post(f"/warnings/breaches/{own.short_term.pk}/justify/", {"text": "冒充"}).status_code == 404
        assert client.get(f"/warnings/justifications/{event.pk}/attachment/").status_code == 404
        assert f"/warnings/breaches/{own.short_term.pk}/" not in client.get("/warnings/breaches/").content.decode()
    client.force_login(world.luozhuang["lead_supervisor"])
    response = client.post(
        f"/warnings/{own.short_term.pk}/decide/",
        {"justification-decision": JustificationStatus.JUSTIFIED, "justification-reason": "越权"},
    )
    assert response.status_code == 404
    own.short_term.refresh_from_db()
    assert own.short_term.justification_status == JustificationStatus.WAITING


def test_the_supervisor_decides_on_the_warning_s_page(client, world, own):
    lead = world.lanshan["lead_supervisor"]
    j.justification_submit(warning=own.related_party, by=own.clerk, text="股东会已批准。")
    client.force_login(lead)
    page = client.get(f"/warnings/{own.related_party.pk}/").content.decode()
    assert "股东会已批准。" in page and own.clerk.display_name in page and 'name="justification-reason"' in page
    for status in (JustificationStatus.JUSTIFIED, JustificationStatus.REJECTED, JustificationStatus.FALSE_ALARM):
        assert f'value="{status}"' in page

    decide = f"/warnings/{own.related_party.pk}/decide/"
    refused = client.post(decide, {"justification-decision": JustificationStatus.REJECTED, "justification-reason": ""})
    assert refused.status_code == 400
    response = client.post(
        decide, {"justification-decision": JustificationStatus.REJECTED, "justification-reason": "比例上限不因批准而变"}
    )
    assert response.status_code == 302
    own.related_party.refresh_from_db()
    assert own.related_party.justification_status == JustificationStatus.REJECTED

    # The institution reads the reason under the office's name, not the supervisor's, and answers again.
    client.force_login(own.clerk)
    page = client.get(f"/warnings/breaches/{own.related_party.pk}/").content.decode()
    assert "比例上限不因批准而变" in page and lead.display_name not in page and lead.office.name in page
    assert 'name="text"' in page


def test_a_warning_of_the_office_s_own_analysis_has_no_justification(client, world, own):
    late = make_warning(own.institution, source=WarningSource.LATE_FILING, title="逾期报送预警")
    client.force_login(world.lanshan["lead_supervisor"])
    page = client.get(f"/warnings/{late.pk}/").content.decode()
    assert "justification-reason" not in page and 'id="justification"' not in page
    response = client.post(
        f"/warnings/{late.pk}/decide/",
        {"justification-decision": JustificationStatus.FALSE_ALARM, "justification-reason": "误报"},
    )
    assert response.status_code == 400
    late.refresh_from_db()
    assert late.status == WarningStatus.OPEN


def test_what_waits_for_each_side(world, own):
    lead, leader = world.lanshan["lead_supervisor"], world.lanshan["leader"]

    def counts(user):
        return {item.url: item.count for item in waiting_for(user)}

    breaches_url = "/warnings/breaches/?answer=to_answer"
    breached = own.institution.warnings.filter(source=WarningSource.RULE_BREACH).count()
    assert breached >= 2 and counts(own.clerk)[breaches_url] == breached
    j.justification_submit(warning=own.short_term, by=own.clerk, text="说明")
    assert counts(own.clerk)[breaches_url] == breached - 1
    assert counts(lead)["/warnings/?answer=waiting&mine=on"] == 1
    assert counts(leader)["/warnings/?answer=waiting"] == 1
    assert "/warnings/?answer=waiting" not in counts(world.luozhuang["leader"])
    j.justification_reject(warning=own.short_term, by=lead, reason="不充分")
    assert counts(own.clerk)[breaches_url] == breached and "/warnings/?answer=waiting&mine=on" not in counts(lead)


def test_the_lists_filter_by_justification(client, world, own):
    j.justification_submit(warning=own.short_term, by=own.clerk, text="说明")
    client.force_login(world.lanshan["lead_supervisor"])
    page = client.get("/warnings/?answer=waiting&mine=on").content.decode()
    assert own.short_term.title in page and own.related_party.title not in page
    client.force_login(own.clerk)
    page = client.get("/warnings/breaches/?answer=to_answer").content.decode()
    assert own.related_party.title in page and own.short_term.title not in page


def test_the_rulebook_counts_breaches_justified_and_false_alarms_per_rule_in_the_jurisdiction(
    client, world, own, other
):
    lead = world.lanshan["lead_supervisor"]
    j.justification_submit(warning=own.short_term, by=own.clerk, text="说明")
    j.justification_accept(warning=own.short_term, by=lead, reason="认可")
    j.breach_false_alarm(warning=own.related_party, by=lead, reason="误报")
    j.breach_false_alarm(warning=other.related_party, by=world.luozhuang["lead_supervisor"], reason="误报")

    from finsup.monitoring.selectors import breach_statistics

    lanshan = breach_statistics(actor=world.lanshan["inspector"])
    assert (lanshan[SHORT_TERM].breaches, lanshan[SHORT_TERM].justified, lanshan[SHORT_TERM].false_alarms) == (1, 1, 0)
    assert (lanshan[RELATED_PARTY].breaches, lanshan[RELATED_PARTY].false_alarms) == (1, 1)
    city = breach_statistics(actor=world.city["auditor"])
    assert (city[RELATED_PARTY].breaches, city[RELATED_PARTY].false_alarms) == (2, 2)
    assert city[SHORT_TERM].false_alarm_percent == "0.0%" and city[RELATED_PARTY].false_alarm_percent == "100.0%"

    client.force_login(world.lanshan["inspector"])
    page = client.get("/filings/rules/?kind=private_capital").content.decode()
    assert 'class="rule-stats"' in page and "100.0%" in page

"""The survey services: define, send, answer (versions), refusals that change nothing, forwarding
down the chain, re-running, reminders and the work queue."""

import datetime

import pytest

from finsup.audit.models import AuditEntry
from finsup.core.errors import ApplicationError, OutOfScope, PermissionDenied
from finsup.notifications.models import Notification
from finsup.notifications.waiting import waiting_for
from finsup.surveys import selectors, services
from finsup.surveys.choices import RecipientState, SurveyStatus
from finsup.surveys.models import SurveyAnswer
from finsup.surveys.reminders import remind_surveys

from .conftest import CHECKS, DEADLINE, FIELDS

DATA = {
    "title": "小额贷款公司涉农贷款专项调查",
    "basis": "《山东省地方金融条例》第三十八条；了解涉农贷款投放情况。",
    "deadline": DEADLINE,
}


def _survey(world, clerk=None, **kwargs):
    clerk = clerk or world.city["clerk"]
    return services.survey_create(by=clerk, office=clerk.office, data=DATA, fields=FIELDS, checks=CHECKS, **kwargs)


GOOD = {"loans_balance": "12345.67", "loans_agri": "2000", "borrowers": "321", "avg_rate": "15.4"}


def test_define_send_and_answer_in_versions(three, clock_at):
    w = three
    survey = _survey(w, institutions=[w.inst_lanshan, w.inst_luozhuang])
    assert survey.status == SurveyStatus.DRAFT
    survey = services.survey_send(survey=survey, by=w.city["clerk"])
    assert survey.status == SurveyStatus.SENT
    recipient = survey.recipients.get(institution=w.inst_lanshan)
    assert Notification.objects.filter(user=w.clerk_lanshan_inst, url=recipient.get_absolute_url()).exists()
    answer = services.answer_submit(recipient=recipient, by=w.clerk_lanshan_inst, raw=GOOD, channel="web")
    assert answer.version == 1
    assert answer.values["loans_balance"] == "123456700.00"  # 万元 entered, yuan stored
    with pytest.raises(ApplicationError) as refused:
        services.answer_submit(recipient=recipient, by=w.clerk_lanshan_inst, raw=GOOD, channel="web")
    assert refused.value.field == "correction_reason"
    second = services.answer_submit(
        recipient=recipient,
        by=w.clerk_lanshan_inst,
        raw={**GOOD, "borrowers": "322"},
        channel="web",
        correction_reason="户数更正",
    )
    assert second.version == 2
    assert SurveyAnswer.objects.filter(recipient=recipient).count() == 2  # nothing overwritten
    with pytest.raises(ValueError):
        answer.delete()


def test_every_error_in_one_pass_in_chinese(three, clock_at):
    w = three
    survey = services.survey_send(survey=_survey(w, institutions=[w.inst_lanshan]), by=w.city["clerk"])
    recipient = survey.recipients.get()
    before = SurveyAnswer.objects.count()
    with pytest.raises(services.AnswerRejected) as refused:
        services.answer_submit(
            recipient=recipient,
            by=w.clerk_lanshan_inst,
            raw={"loans_balance": "100", "loans_agri": "200", "borrowers": "三百", "avg_rate": ""},
            channel="web",
        )
    messages = [m for _f, m in refused.value.errors]
    assert any("借款户数" in m and "不是有效的数字" in m for m in messages), messages
    assert any("涉农贷款不能大于贷款余额" in m for m in messages), messages
    assert SurveyAnswer.objects.count() == before
    assert AuditEntry.objects.filter(action="rejected", object_type="surveys.surveyrecipient").exists()


def test_only_the_respondent_answers_and_others_do_not_see_it(three, clock_at):
    w = three
    survey = services.survey_send(survey=_survey(w, institutions=[w.inst_lanshan]), by=w.city["clerk"])
    recipient = survey.recipients.get()
    for user in (w.clerk_luozhuang_inst, w.city["clerk"], w.lanshan["clerk"]):
        with pytest.raises(PermissionDenied):
            services.answer_submit(recipient=recipient, by=user, raw=GOOD, channel="web")
    with pytest.raises(SurveyAnswer.recipient.field.related_model.DoesNotExist):
        selectors.request_get(actor=w.clerk_luozhuang_inst, pk=recipient.pk)
    assert selectors.request_get(actor=w.clerk_lanshan_inst, pk=recipient.pk) == recipient


def test_a_draft_is_not_seen_by_its_recipients_and_a_sent_one_is_frozen(three, clock_at):
    w = three
    survey = _survey(w, institutions=[w.inst_lanshan])
    assert not selectors.requests_received(actor=w.clerk_lanshan_inst).exists()
    services.survey_send(survey=survey, by=w.city["clerk"])
    assert selectors.requests_received(actor=w.clerk_lanshan_inst).count() == 1
    with pytest.raises(ApplicationError):
        services.survey_update(
            survey=survey, by=w.city["clerk"], data=DATA, fields=FIELDS, institutions=[w.inst_lanshan]
        )


def test_recipients_within_the_sending_office_only(three, clock_at):
    w = three
    with pytest.raises(ApplicationError):
        _survey(w, clerk=w.lanshan["clerk"], institutions=[w.inst_luozhuang])
    with pytest.raises(OutOfScope):
        services.survey_create(by=w.lanshan["clerk"], office=w.city["clerk"].office, data=DATA, fields=FIELDS)


def test_bad_definitions_are_refused_in_chinese(three, clock_at):
    w = three
    bad = [{"id": "1x", "label_zh": "", "unit": "money:wan_yuan"}, {"id": "a", "label_zh": "甲", "unit": "nope"}]
    with pytest.raises(ApplicationError) as refused:
        services.survey_create(by=w.city["clerk"], office=w.city["clerk"].office, data=DATA, fields=bad)
    assert len(refused.value.errors) == 3
    with pytest.raises(ApplicationError) as refused:
        services.survey_create(
            by=w.city["clerk"],
            office=w.city["clerk"].office,
            data=DATA,
            fields=FIELDS,
            checks=[{"expr": "nothing > 1", "message_zh": "x"}],
        )
    assert "校验条件无法识别" in refused.value.errors[0][1]


def test_forwarded_down_the_chain_and_consolidated_above(three, clock_at):
    w = three
    city = w.city["clerk"]
    survey = services.survey_send(
        survey=_survey(w, institutions=[w.inst_luozhuang], offices=[w.lanshan["clerk"].office]), by=city
    )
    office_row = survey.recipients.get(office__isnull=False)
    child = services.survey_forward(recipient=office_row, by=w.lanshan["clerk"])
    assert child.definition == survey.definition and child.is_draft
    with pytest.raises(ApplicationError):  # later than the deadline given from above
        services.survey_update(
            survey=child,
            by=w.lanshan["clerk"],
            data={**DATA, "deadline": DEADLINE + datetime.timedelta(days=1)},
            fields=None,
            institutions=[w.inst_lanshan, w.inst_third],
        )
    services.survey_update(
        survey=child,
        by=w.lanshan["clerk"],
        data={**DATA, "deadline": datetime.date(2026, 11, 8)},
        fields=None,
        institutions=[w.inst_lanshan, w.inst_third],
    )
    services.survey_send(survey=child, by=w.lanshan["clerk"])
    for recipient, user, balance in (
        (child.recipients.get(institution=w.inst_lanshan), w.clerk_lanshan_inst, "100"),
        (child.recipients.get(institution=w.inst_third), w.clerk_third_inst, "50.5"),
        (survey.recipients.get(institution=w.inst_luozhuang), w.clerk_luozhuang_inst, "10"),
    ):
        services.answer_submit(
            recipient=recipient, by=user, raw={**GOOD, "loans_balance": balance, "loans_agri": "1"}, channel="web"
        )
    result = selectors.consolidation(survey)
    totals = {t.field.id: t for t in result.totals}
    assert totals["loans_balance"].total == 1605000  # (100 + 50.5 + 10) 万元, in yuan
    assert totals["borrowers"].count == 3 and totals["borrowers"].total == 963
    states = {r.recipient.name: r.state for r in result.rows}
    assert states[w.lanshan["clerk"].office.name] == RecipientState.FORWARDED


def test_rerun_copies_definition_and_recipients(three, clock_at):
    w = three
    survey = services.survey_send(survey=_survey(w, institutions=[w.inst_lanshan, w.inst_third]), by=w.city["clerk"])
    copy = services.survey_rerun(survey=survey, by=w.city["clerk"], deadline=datetime.date(2027, 2, 10))
    assert copy.is_draft and copy.rerun_of == survey and copy.definition == survey.definition
    assert {r.institution_id for r in copy.recipients.all()} == {w.inst_lanshan.pk, w.inst_third.pk}


def test_reminders_then_overdue_on_both_work_queues(three, clock_at):
    w = three
    survey = services.survey_send(survey=_survey(w, institutions=[w.inst_third]), by=w.city["clerk"])
    recipient = survey.recipients.get()
    assert remind_surveys(as_of=datetime.date(2026, 11, 3)) == 0  # more than three days ahead
    assert remind_surveys(as_of=datetime.date(2026, 11, 8)) == 1
    assert remind_surveys(as_of=datetime.date(2026, 11, 8)) == 0  # idempotent
    clock_at(datetime.datetime(2026, 11, 11, 2, tzinfo=datetime.UTC))
    assert remind_surveys() >= 2  # the respondent, and the city's survey managers
    assert Notification.objects.filter(user=w.clerk_third_inst, key=f"survey:{recipient.pk}:overdue").exists()
    assert Notification.objects.filter(user=w.city["clerk"], key=f"survey:{recipient.pk}:overdue").exists()
    office_items = {i.label: i for i in waiting_for(w.city["clerk"])}
    assert office_items["专项调查逾期未报"].overdue == 1
    inst_items = {i.label: i for i in waiting_for(w.clerk_third_inst)}
    assert inst_items["待填报的专项调查"].overdue == 1

import datetime

import pytest
from django.utils import timezone

from finsup.core.errors import ApplicationError, InvalidTransition
from finsup.inspections import services as s
from finsup.inspections.choices import InterviewOrigin, InterviewStatus

from .helpers import make_warning, to_rectification


def _interview(world, **origin):
    return s.interview_create(
        by=world.lanshan["lead_supervisor"],
        institution=world.inst_lanshan,
        lead_interviewer=world.lanshan["leader"],
        recorder=world.lanshan["clerk"],
        interviewees="董事长王某、总经理李某",
        place="兰山区金融办第一会议室",
        reasons="单户贷款集中度超标\n逾期贷款上升",
        outline="一、集中度成因；二、压降计划。",
        scheduled_at=timezone.now() + datetime.timedelta(days=3),
        **origin,
    )


def test_an_interview_from_a_warning_is_prepared_held_and_archived(world, papers):
    warning = make_warning(world.inst_lanshan)
    interview = _interview(world, warning=warning)
    assert interview.origin == InterviewOrigin.WARNING
    by = world.lanshan["lead_supervisor"]
    with pytest.raises(InvalidTransition):
        s.interview_hold(by=by, interview=interview, memo="x")  # the notice first
    s.interview_notify(by=by, interview=interview)
    with pytest.raises(ApplicationError):
        s.interview_hold(by=by, interview=interview, memo="")
    s.interview_hold(by=by, interview=interview, memo="公司承认集中度超标。\n承诺三个月内压降。")
    s.interview_archive(by=by, interview=interview)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ARCHIVED and interview.held_at and interview.archived_at
    assert papers == ["interview_notice", "interview_memo"]


def test_an_interview_from_a_finding(world):
    finding = to_rectification(world.lanshan, world.inst_lanshan).findings.get()
    assert _interview(world, finding=finding).origin == InterviewOrigin.FINDING
    assert _interview(world).origin == InterviewOrigin.INSTITUTION


def test_an_interview_is_about_one_institution_with_staff_of_its_offices(world):
    with pytest.raises(ApplicationError):
        _interview(world, warning=make_warning(world.inst_luozhuang))
    with pytest.raises(ApplicationError):
        s.interview_create(
            by=world.lanshan["lead_supervisor"],
            institution=world.inst_lanshan,
            lead_interviewer=world.luozhuang["leader"],
            recorder=world.lanshan["clerk"],
            interviewees="总经理",
            place="会议室",
            reasons="原因",
            outline="提纲",
            scheduled_at=timezone.now(),
        )

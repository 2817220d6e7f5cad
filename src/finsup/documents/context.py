"""What each kind of document needs to know: the keys of the `context` dict, checked and
normalised to JSON before anything is stored or rendered.

Value types:
- text: a non-empty string;
- date: a `datetime.date` or "YYYY-MM-DD" (stored as "YYYY-MM-DD", printed 2026年11月10日);
- datetime: a `datetime.datetime` (aware or naive, read as Asia/Shanghai), "YYYY-MM-DDTHH:MM" or
  free text such as "2026年11月20日上午9时" (printed as given);
- texts: a list of strings;
- people: a list of names or of {"name": …, "role": …} ("role" is a position or 组长/组员);
- findings: a list of {"title": …, "description": …, "citation": …, "evidence": …, "deadline": …}
  where only "title" is required ("citation" is the rule or regulation breached).

Keys every kind accepts: "institution_name" (default: the institution's registered name),
"addressee" (default: the institution's name; "" for none), "cc" (texts: 抄送 offices).

| kind | required | optional |
| --- | --- | --- |
| inspection_notice | inspection_kind, start_date, end_date, scope, team | legal_basis, period, materials, contact |
| fact_confirmation | start_date, end_date, facts | inspection_kind, team |
| findings | start_date, end_date, findings, assessment | inspection_kind |
| inspection_report | inspection_kind, start_date, end_date, scope, team, overview, findings, | legal_basis, |
|  | assessment | recommendations |
| opinion_letter | start_date, end_date, findings, requirements, deadline | inspection_kind, legal_basis |
| rectification_notice | findings, deadline | basis, requirements |
| interview_notice | interviewees, date_time, place, reasons | lead_interviewer, materials, contact |
| interview_memo | date_time, place, interviewers, recorder, interviewees, content | requirements |
| measure_decision | measure, facts, basis, decision | deadline, remedy, penalty_basis, fine |
| case_transfer | addressee, case_number, case_title, subject, facts, reason | items, materials, contact |
| case_decision | addressee, case_number, case_title, subject, facts, decision, reasons | basis, remedy |
| police_referral | addressee, offence, facts, materials | report, seized, appraisals, basis, measures_taken, |
|  |  | contact, found_in |
| request | addressee, matter, facts, proposal, contact | basis, forward_to, phone, attachments |

Transfers, referrals and requests go to another body (纪委监委, 公安机关, the superior office), so
"addressee" is required for them; for a request it is the one superior office (主送一个上级机关).
| rating_notice | year, scheme, level, score, supervision | rounds, deductions, review_right |
| annual_review_notice | year, outcome, items | issues, reasons, requirements, deadline |
| outreach_report | year, campaign, start_date, end_date, figures | theme, offices, channels, summary |
| supervision_report | addressee, title, opening, sections | |
| finance_analysis | addressee, title, opening, sections | |
| performance_report | addressee, title, opening, sections | |
| listing_opinion | addressee, company_name, offering, facts, opinion | credit_code, board, sponsor, contact |

The listing opinion (duty ⑮) goes to the securities regulator; "offering" names what the company
applies for (首次公开发行股票并在创业板上市) and makes the title with the company's name.

The notices and the report carry their figures as they are read (75.50, 12,345, 30%): the app that
owns the record formats them (finsup.core.numbers). The outreach report's addressee is the superior
office it reports to, not an institution.
| penalty_case_approval | facts, rule_breached, penalty_basis, proposer, proposed_on | evidence, opinion, |
|  |  | approver, approved_on |
| penalty_prior_notice | facts, basis, penalty_basis, fine, defence_days | hearing_days, contact |
| penalty_statement_record | date_time, place, statement, recorder | persons, adopted |
| penalty_hearing_notice | date_time, place | hearer, request_date |
| penalty_hearing_record | date_time, place, hearer, recorder, persons, content | |
| penalty_decision | facts, evidence, basis, penalty_basis, fine, payment | statement, remedy |
| penalty_service_receipt | served_title, served_number, served_on, manner, served_to | place |
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError

from .choices import DocumentKind
from .errors import Code

TEXT, DATE, DATETIME, TEXTS, PEOPLE, FINDINGS = "text", "date", "datetime", "texts", "people", "findings"


@dataclass(frozen=True)
class Key:
    name: str
    type: str
    required: bool = True
    non_empty: bool = True  # for lists: at least one item


def _opt(name: str, type_: str) -> Key:
    return Key(name, type_, required=False, non_empty=False)


COMMON = [_opt("institution_name", TEXT), _opt("addressee", TEXT), _opt("cc", TEXTS)]

# A report drafted by the app that owns its records: its title, opening and sections, each section a
# heading line ("一、…") followed by its paragraphs.
REPORT_KEYS = [Key("addressee", TEXT), Key("title", TEXT), Key("opening", TEXT), Key("sections", TEXTS)]

KEYS: dict[str, list[Key]] = {
    DocumentKind.INSPECTION_NOTICE: [
        Key("inspection_kind", TEXT),
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("scope", TEXT),
        Key("team", PEOPLE),
        _opt("legal_basis", TEXT),
        _opt("period", TEXT),
        _opt("materials", TEXTS),
        _opt("contact", TEXT),
    ],
    DocumentKind.FACT_CONFIRMATION: [
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("facts", TEXTS),
        _opt("inspection_kind", TEXT),
        _opt("team", PEOPLE),
    ],
    DocumentKind.FINDINGS: [
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("findings", FINDINGS, non_empty=False),
        Key("assessment", TEXT),
        _opt("inspection_kind", TEXT),
    ],
    DocumentKind.INSPECTION_REPORT: [
        Key("inspection_kind", TEXT),
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("scope", TEXT),
        Key("team", PEOPLE),
        Key("overview", TEXT),
        Key("findings", FINDINGS, non_empty=False),
        Key("assessment", TEXT),
        _opt("legal_basis", TEXT),
        _opt("recommendations", TEXTS),
    ],
    DocumentKind.OPINION_LETTER: [
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("findings", FINDINGS),
        Key("requirements", TEXTS),
        Key("deadline", DATE),
        _opt("inspection_kind", TEXT),
        _opt("legal_basis", TEXT),
    ],
    DocumentKind.RECTIFICATION_NOTICE: [
        Key("findings", FINDINGS),
        Key("deadline", DATE),
        _opt("basis", TEXT),
        _opt("requirements", TEXTS),
    ],
    DocumentKind.INTERVIEW_NOTICE: [
        Key("interviewees", PEOPLE),
        Key("date_time", DATETIME),
        Key("place", TEXT),
        Key("reasons", TEXTS),
        _opt("lead_interviewer", TEXT),
        _opt("materials", TEXTS),
        _opt("contact", TEXT),
    ],
    DocumentKind.INTERVIEW_MEMO: [
        Key("date_time", DATETIME),
        Key("place", TEXT),
        Key("interviewers", PEOPLE),
        Key("recorder", TEXT),
        Key("interviewees", PEOPLE),
        Key("content", TEXTS),
        _opt("requirements", TEXTS),
    ],
    DocumentKind.MEASURE_DECISION: [
        Key("measure", TEXT),
        Key("facts", TEXTS),
        Key("basis", TEXT),
        Key("decision", TEXT),
        _opt("deadline", DATE),
        _opt("remedy", TEXT),
        # A fine with the measure: the provision with its range (《…》第五十条（…，处1万元以上3万元以下罚款）)
        # and the amount in words (人民币2万元); both or neither.
        _opt("penalty_basis", TEXT),
        _opt("fine", TEXT),
    ],
    # Transfers, referrals and requests (issue 17 point 6). "subject" is whom the case is against
    # (张三（兰山区金融工作办公室科员）, or a lower office); "materials" what goes with the letter.
    DocumentKind.CASE_TRANSFER: [
        Key("addressee", TEXT),
        Key("case_number", TEXT),
        Key("case_title", TEXT),
        Key("subject", TEXT),
        Key("facts", TEXTS),
        Key("reason", TEXT),
        _opt("items", TEXTS),
        _opt("materials", TEXTS),
        _opt("contact", TEXT),
    ],
    DocumentKind.CASE_DECISION: [
        Key("addressee", TEXT),
        Key("case_number", TEXT),
        Key("case_title", TEXT),
        Key("subject", TEXT),
        Key("facts", TEXTS),
        Key("decision", TEXT),
        Key("reasons", TEXT),
        _opt("basis", TEXT),
        _opt("remedy", TEXT),
    ],
    # 国务院令第310号 第六条: the referral with the case investigation report, the list of the goods
    # seized, the conclusions of inspection or appraisal and the other materials ("materials").
    DocumentKind.POLICE_REFERRAL: [
        Key("addressee", TEXT),
        Key("offence", TEXT),
        Key("facts", TEXTS),
        Key("materials", TEXTS, non_empty=False),
        _opt("report", TEXT),
        _opt("seized", TEXTS),
        _opt("appraisals", TEXTS),
        _opt("basis", TEXT),
        _opt("measures_taken", TEXTS),
        _opt("contact", TEXT),
        _opt("found_in", TEXT),  # the work the matter was found in, for a subject that is no institution
    ],
    # One matter per request ("matter" makes the title: 关于<matter>的请示); "forward_to" when the
    # superior office passes it on to the body that decides (a county's request goes through the city).
    DocumentKind.REQUEST: [
        Key("addressee", TEXT),
        Key("matter", TEXT),
        Key("facts", TEXTS),
        Key("proposal", TEXTS),
        Key("contact", TEXT),
        _opt("basis", TEXT),
        _opt("forward_to", TEXT),
        _opt("phone", TEXT),
        _opt("attachments", TEXTS),
    ],
    # Notices of results and the outreach report (issue 17 point 6).
    DocumentKind.RATING_NOTICE: [
        Key("year", TEXT),
        Key("scheme", TEXT),  # the scheme's title: 小额贷款公司分类评级办法（2023）
        Key("level", TEXT),  # as printed: Ⅲ, Ⅴ(1)
        Key("score", TEXT),  # the final total: 75.50
        Key("supervision", TEXTS),  # what the level means for supervision, from the scheme
        _opt("rounds", TEXT),  # 县级初评、市级抽样复评
        _opt("deductions", TEXTS),  # the main deductions with their reasons, largest first
        _opt("review_right", TEXT),  # how to ask for a review of the result
    ],
    DocumentKind.ANNUAL_REVIEW_NOTICE: [
        Key("year", TEXT),
        Key("outcome", TEXT),  # 合格 / 基本合格 / 不合格 as the record's outcome reads
        Key("items", TEXTS),  # each item of the checklist with its result
        _opt("issues", TEXTS),  # the items not met, with what was found
        _opt("reasons", TEXT),
        _opt("requirements", TEXTS),
        _opt("deadline", DATE),
    ],
    DocumentKind.OUTREACH_REPORT: [
        Key("year", TEXT),
        Key("campaign", TEXT),
        Key("start_date", DATE),
        Key("end_date", DATE),
        Key("figures", TEXTS),  # the totals as sentences: 开展宣传活动12场次 …
        _opt("theme", TEXT),
        _opt("offices", TEXTS),  # one line per office below, with its figures
        _opt("channels", TEXTS),  # one line per channel used
        _opt("summary", TEXTS),  # the campaign's written summary, by paragraph
    ],
    # An office's own report to the superior office: its title, opening and sections, each section
    # a heading line followed by its paragraphs ("一、基本情况", "…", …), as drafted by reporting.
    DocumentKind.SUPERVISION_REPORT: REPORT_KEYS,
    # The monthly financial operation analysis (finsup.analysis), drafted from the month's figures,
    # and an office's yearly account of a duty (finsup.worklog), drafted from its work records.
    DocumentKind.FINANCE_ANALYSIS: REPORT_KEYS,
    DocumentKind.PERFORMANCE_REPORT: REPORT_KEYS,
    DocumentKind.LISTING_OPINION: [
        Key("addressee", TEXT),
        Key("company_name", TEXT),
        Key("offering", TEXT),
        Key("facts", TEXTS),
        Key("opinion", TEXT),
        _opt("credit_code", TEXT),
        _opt("sponsor", TEXT),
        _opt("contact", TEXT),
    ],
    # Administrative penalties (finsup.penalties); 《行政处罚法》 articles in the builders.
    DocumentKind.PENALTY_CASE_APPROVAL: [
        Key("facts", TEXT),
        Key("rule_breached", TEXT),
        Key("penalty_basis", TEXT),
        Key("proposer", TEXT),
        Key("proposed_on", DATE),
        _opt("evidence", TEXTS),
        _opt("opinion", TEXT),
        _opt("approver", TEXT),
        _opt("approved_on", DATE),
    ],
    DocumentKind.PENALTY_PRIOR_NOTICE: [
        Key("facts", TEXTS),
        Key("basis", TEXT),
        Key("penalty_basis", TEXT),
        Key("fine", TEXT),
        Key("defence_days", TEXT),
        _opt("hearing_days", TEXT),
        _opt("contact", TEXT),
    ],
    DocumentKind.PENALTY_STATEMENT_RECORD: [
        Key("date_time", DATETIME),
        Key("place", TEXT),
        Key("statement", TEXTS),
        Key("recorder", TEXT),
        _opt("persons", PEOPLE),
        _opt("adopted", TEXT),
    ],
    DocumentKind.PENALTY_HEARING_NOTICE: [
        Key("date_time", DATETIME),
        Key("place", TEXT),
        _opt("hearer", TEXT),
        _opt("request_date", DATE),
    ],
    DocumentKind.PENALTY_HEARING_RECORD: [
        Key("date_time", DATETIME),
        Key("place", TEXT),
        Key("hearer", TEXT),
        Key("recorder", TEXT),
        Key("persons", PEOPLE),
        Key("content", TEXTS),
    ],
    DocumentKind.PENALTY_DECISION: [
        Key("facts", TEXTS),
        Key("evidence", TEXTS),
        Key("basis", TEXT),
        Key("penalty_basis", TEXT),
        Key("fine", TEXT),
        Key("payment", TEXT),
        _opt("statement", TEXT),
        _opt("remedy", TEXT),
    ],
    DocumentKind.PENALTY_SERVICE_RECEIPT: [
        Key("served_title", TEXT),
        Key("served_number", TEXT),
        Key("served_on", DATE),
        Key("manner", TEXT),
        Key("served_to", TEXT),
        _opt("place", TEXT),
    ],
}


# Optional keys that mean something only together: all of them or none.
TOGETHER: dict[str, tuple[str, ...]] = {DocumentKind.MEASURE_DECISION: ("penalty_basis", "fine")}


def validate(kind: str, context: dict) -> dict:
    """The context normalised to JSON values; every missing or malformed key is named in one error."""
    if kind not in KEYS:
        raise ApplicationError(
            _("Unknown kind of document: {kind}").format(kind=kind), field="kind", code=Code.UNKNOWN_DOCUMENT_KIND
        )
    if not isinstance(context, dict):
        raise ApplicationError(
            _("The content of a document must be a dictionary."), field="context", code=Code.CONTENT_NOT_A_DICT
        )
    missing, invalid, clean = [], [], {}
    own = {key.name for key in KEYS[kind]}
    for key in [k for k in COMMON if k.name not in own] + KEYS[kind]:
        value = context.get(key.name)
        if value is None or value == "" or value == []:
            if key.required and (key.non_empty or value is None):
                missing.append(key.name)
            elif value is not None:
                clean[key.name] = value
            continue
        try:
            clean[key.name] = _NORMALISE[key.type](value)
        except (TypeError, ValueError, KeyError, AttributeError):
            invalid.append(key.name)
    together = TOGETHER.get(kind, ())
    if together and any(k in clean for k in together) and not all(k in clean for k in together):
        missing += [k for k in together if k not in clean]
    errors = []
    if missing:
        errors.append(_("The document lacks required content: {keys}.").format(keys="、".join(missing)))
    if invalid:
        errors.append(_("The document has content of the wrong form: {keys}.").format(keys="、".join(invalid)))
    if errors:
        raise ApplicationError(" ".join(errors), code=Code.INVALID_CONTEXT, field="context")
    return clean


def _text(value) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise TypeError
    text = str(value).strip()
    if not text:
        raise ValueError
    return text


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return datetime.date.fromisoformat(str(value).strip()).isoformat()


def _datetime(value) -> str:
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.replace(second=0, microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = _text(value)
    try:
        return datetime.datetime.fromisoformat(text).isoformat(timespec="minutes")
    except ValueError:
        return text  # free text such as 2026年11月20日上午9时


def _texts(value) -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError
    return [_text(v) for v in value]


def _people(value) -> list[dict]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError
    people = []
    for item in value:
        if isinstance(item, dict):
            people.append({"name": _text(item["name"]), "role": str(item.get("role") or "").strip()})
        else:
            people.append({"name": _text(item), "role": ""})
    return people


def _findings(value) -> list[dict]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise TypeError
    findings = []
    for item in value:
        finding = {"title": _text(item["title"])}
        for name in ("description", "citation", "evidence"):
            if str(item.get(name) or "").strip():
                finding[name] = str(item[name]).strip()
        if item.get("deadline"):
            finding["deadline"] = _date(item["deadline"])
        findings.append(finding)
    return findings


_NORMALISE = {TEXT: _text, DATE: _date, DATETIME: _datetime, TEXTS: _texts, PEOPLE: _people, FINDINGS: _findings}

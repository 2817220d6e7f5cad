"""A sample context for every kind of document, as the inspection, interview and measure
workflows would pass it."""

import datetime

from finsup.documents.choices import DocumentKind

FINDINGS = [
    {
        "title": "贷款利率超过规定上限",
        "description": "2026年1月至6月，该公司发放的12笔贷款综合年化利率超过一年期贷款市场报价利率的4倍。",
        "citation": "《山东省地方金融条例》第二十条",
        "evidence": "贷款合同及放款凭证（底稿3-2）",
    },
    {"title": "未按时报送月度监管报表", "citation": "《小额贷款公司监管报表报送办法》第五条"},
]
TEAM = [{"name": "王明", "role": "组长"}, {"name": "李华", "role": "组员"}, "赵强"]

SAMPLES = {
    DocumentKind.INSPECTION_NOTICE: {
        "inspection_kind": "专项检查",
        "start_date": datetime.date(2026, 11, 10),
        "end_date": "2026-11-14",
        "scope": "2025年以来贷款业务合规情况",
        "team": TEAM,
        "period": "2025年1月1日至2026年9月30日",
        "contact": "王明，0539-8726072",
        "cc": ["兰山区金融工作办公室"],
    },
    DocumentKind.FACT_CONFIRMATION: {
        "start_date": "2026-11-10",
        "end_date": "2026-11-14",
        "facts": ["该公司2026年1月至6月发放的12笔贷款综合年化利率超过规定上限。", "2026年3月月度报表逾期5日报送。"],
        "team": TEAM,
    },
    DocumentKind.FINDINGS: {
        "start_date": "2026-11-10",
        "end_date": "2026-11-14",
        "findings": FINDINGS,
        "assessment": "该公司内部控制基本健全，但利率定价管理存在明显缺陷。",
    },
    DocumentKind.INSPECTION_REPORT: {
        "inspection_kind": "专项检查",
        "start_date": "2026-11-10",
        "end_date": "2026-11-14",
        "scope": "2025年以来贷款业务合规情况。",
        "team": TEAM,
        "overview": "该公司成立于2015年，注册资本1亿元。",
        "findings": FINDINGS,
        "assessment": "总体合规，存在利率超限问题。",
        "recommendations": ["下发现场检查意见书，责令限期整改", "将该公司列为重点监管对象"],
    },
    DocumentKind.OPINION_LETTER: {
        "start_date": "2026-11-10",
        "end_date": "2026-11-14",
        "findings": FINDINGS,
        "requirements": ["立即停止发放超过利率上限的贷款", "健全利率定价审批制度"],
        "deadline": "2026-12-20",
        "cc": ["山东省地方金融监督管理局", "兰山区金融工作办公室"],
    },
    DocumentKind.RECTIFICATION_NOTICE: {
        "findings": FINDINGS[:1],
        "deadline": datetime.date(2026, 12, 20),
        "basis": "《山东省地方金融条例》第三十八条",
    },
    DocumentKind.INTERVIEW_NOTICE: {
        "interviewees": [{"name": "张伟", "role": "董事长"}, {"name": "刘芳", "role": "总经理"}],
        "date_time": datetime.datetime(2026, 11, 20, 9, 30),
        "place": "临沂市金融工作办公室第一会议室",
        "reasons": ["贷款利率超过规定上限", "月度报表多次逾期报送"],
        "lead_interviewer": "市金融办副主任 孙磊",
        "materials": ["整改情况说明"],
    },
    DocumentKind.INTERVIEW_MEMO: {
        "date_time": "2026-11-20T09:30",
        "place": "临沂市金融工作办公室第一会议室",
        "interviewers": ["孙磊", "王明"],
        "recorder": "李华",
        "interviewees": [{"name": "张伟", "role": "董事长"}],
        "content": ["约谈人通报了现场检查发现的问题。", "被约谈人表示将于一个月内完成整改。"],
        "requirements": ["2026年12月20日前报送整改报告"],
    },
    DocumentKind.MEASURE_DECISION: {
        "measure": "责令限期整改",
        "facts": ["2026年1月至6月发放的12笔贷款综合年化利率超过规定上限。"],
        "basis": "《山东省地方金融条例》第三十八条",
        "decision": "你公司应立即停止违规行为，对相关贷款利率予以纠正。",
        "deadline": "2026-12-31",
    },
    DocumentKind.PENALTY_CASE_APPROVAL: {
        "facts": "你公司未按规定报送2026年10月月度监管报表，经责令限期改正后逾期仍未改正。",
        "rule_breached": "《山东省地方金融条例》第三十一条",
        "penalty_basis": "《山东省地方金融条例》第五十一条（处1万元以上3万元以下罚款）",
        "proposer": "王检查",
        "proposed_on": "2026-12-01",
        "evidence": ["监管报表报送记录"],
    },
    DocumentKind.PENALTY_PRIOR_NOTICE: {
        "facts": ["未按规定报送2026年10月月度监管报表，经责令限期改正后逾期仍未改正。"],
        "basis": "《山东省地方金融条例》第三十一条",
        "penalty_basis": "《山东省地方金融条例》第五十一条（处1万元以上3万元以下罚款）",
        "fine": "人民币2万元",
        "defence_days": "5",
    },
    DocumentKind.PENALTY_STATEMENT_RECORD: {
        "date_time": "2026-12-03T09:30",
        "place": "临沂市金融工作办公室",
        "statement": ["报表系因系统故障未能按时报送。"],
        "recorder": "王检查",
    },
    DocumentKind.PENALTY_HEARING_NOTICE: {
        "date_time": "2026-12-18T09:00",
        "place": "我办第一会议室",
        "hearer": "李法制",
    },
    DocumentKind.PENALTY_HEARING_RECORD: {
        "date_time": "2026-12-18T09:00",
        "place": "我办第一会议室",
        "hearer": "李法制",
        "recorder": "王检查",
        "persons": ["张三"],
        "content": ["当事人称系工作疏忽。"],
    },
    DocumentKind.PENALTY_DECISION: {
        "facts": ["未按规定报送2026年10月月度监管报表，经责令限期改正后逾期仍未改正。"],
        "evidence": ["监管报表报送记录"],
        "basis": "《山东省地方金融条例》第三十一条",
        "penalty_basis": "《山东省地方金融条例》第五十一条（处1万元以上3万元以下罚款）",
        "fine": "人民币2万元",
        "payment": "当事人应当自收到本决定书之日起十五日内缴纳罚款",
    },
    DocumentKind.PENALTY_SERVICE_RECEIPT: {
        "served_title": "行政处罚事先告知书",
        "served_number": "临金办罚〔2026〕1号",
        "served_on": "2026-12-01",
        "manner": "直接送达",
        "served_to": "张三",
    },
}

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
    # Transfers, referrals and requests: addressed to another body.
    DocumentKind.CASE_TRANSFER: {
        "addressee": "中共临沂市兰山区纪律检查委员会、临沂市兰山区监察委员会",
        "case_number": "兰金办责〔2026〕3号",
        "case_title": "未按期开展现场检查",
        "subject": "王某某（兰山区金融工作办公室监管科科员）",
        "facts": ["2026年上半年应对辖内3家小额贷款公司开展的现场检查均未开展。"],
        "reason": "经调查，该问题可能涉及公职人员失职失责，超出我办处理权限",
        "items": ["对小额贷款公司开展现场检查"],
        "materials": ["立案审批表", "调查笔录"],
        "contact": "李华，0539-8726072",
    },
    DocumentKind.CASE_DECISION: {
        "addressee": "王某某",
        "case_number": "兰金办责〔2026〕3号",
        "case_title": "未按期开展现场检查",
        "subject": "王某某（兰山区金融工作办公室监管科科员）",
        "facts": ["2026年上半年应对辖内3家小额贷款公司开展的现场检查均未开展。"],
        "decision": "给予王某某警告处分",
        "reasons": "王某某未履行现场检查职责，情节较轻，已作陈述申辩",
        "basis": "《行政机关公务员处分条例》第二十条",
        "remedy": "如对本决定不服，可以自收到本决定之日起三十日内向我办申请复核。",
    },
    DocumentKind.POLICE_REFERRAL: {
        "addressee": "临沂市公安局兰山分局",
        "offence": "非法吸收公众存款",
        "facts": ["该公司2026年以来以高息为诱饵向不特定社会公众吸收资金约2000万元。"],
        "materials": ["现场检查发现问题：向社会公众吸收资金（证据材料：借款合同.pdf、银行流水.xlsx）"],
        "report": "现场检查报告（临金办检〔2026〕5号）",
        "cc": ["临沂市兰山区人民检察院"],
    },
    DocumentKind.REQUEST: {
        "addressee": "山东省地方金融监督管理局",
        "matter": "取消测试小额贷款有限公司试点资格",
        "facts": ["该公司2026年被评为V(2)级，逾期未完成整改。"],
        "proposal": ["提请省级联席会议讨论取消其试点资格"],
        "basis": "《山东省小额贷款公司监督管理办法》",
        "contact": "王明",
        "phone": "0539-8726072",
    },
    # Notices of results and the outreach report (issue 17 point 6).
    DocumentKind.RATING_NOTICE: {
        "year": "2025",
        "scheme": "《小额贷款公司分类评级办法（2023）》",
        "level": "Ⅲ",
        "score": "75.50",
        "rounds": "县级监管部门初评、市级抽样复评",
        "deductions": ["公司治理与内控（权重20%）：得分40分，扣减综合得分12分。理由：董事会未按章程召开。"],
        "supervision": ["现场检查：提高现场检查频次", "业务管理：限制新增业务"],
        "review_right": "你公司如对评级结果有异议，可通过监管平台向我办提出复核申请。",
    },
    DocumentKind.ANNUAL_REVIEW_NOTICE: {
        "year": "2025",
        "outcome": "有条件通过",
        "items": ["资本金足额到位且未抽逃：符合", "报表报送完整及时：不符合"],
        "issues": ["报表报送完整及时：2025年10月月度报表逾期报送"],
        "reasons": "报表报送存在逾期",
        "requirements": ["我办拟对你公司予以警示"],
        "deadline": "2026-06-30",
    },
    DocumentKind.OUTREACH_REPORT: {
        "addressee": "山东省地方金融监督管理局",
        "year": "2026",
        "campaign": "防范非法集资宣传月",
        "start_date": "2026-05-01",
        "end_date": "2026-05-31",
        "figures": ["共开展宣传活动12场次", "覆盖群众12,345人次"],
        "theme": "守住钱袋子",
        "offices": ["本级：开展宣传活动2场次，覆盖群众345人次，发放宣传资料100份"],
        "channels": ["社区活动：12场次，覆盖群众12,345人次，阅读收听收看0人次"],
        "summary": ["宣传月活动组织有序，取得良好成效。"],
    },
}

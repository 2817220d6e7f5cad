"""Word lists for the demo data set: Linyi places, trade names, reasons, courses. Data only."""

from __future__ import annotations

import datetime

# Nothing in the demo data is dated after this day, whatever the clock says: the same seed
# must give the same data on any day.
AS_OF = datetime.date(2025, 12, 31)

# Per office code: username slug, name prefix for institutions, address prefix, local phone prefix,
# roads for addresses, neighbouring supervising offices (for business regions).
AREAS: dict[str, dict] = {
    "370000": dict(
        slug="province",
        prefix="山东省",
        addr="山东省济南市历下区",
        phone="0531-86",
        roads=["省府前街", "解放路", "经十路"],
        near=[],
    ),
    "371300": dict(
        slug="city", prefix="临沂市", addr="山东省临沂市兰山区", phone="0539-87", roads=["北京路", "沂蒙路"], near=[]
    ),
    "371302": dict(
        slug="lanshan",
        prefix="临沂市兰山区",
        addr="山东省临沂市兰山区",
        phone="0539-82",
        roads=["沂蒙路", "通达路", "解放路", "金雀山路", "兰山路", "临西三路", "水田路", "涑河北街"],
        near=["371311", "371312", "371321", "371371"],
    ),
    "371311": dict(
        slug="luozhuang",
        prefix="临沂市罗庄区",
        addr="山东省临沂市罗庄区",
        phone="0539-83",
        roads=["湖北路", "罗七路", "沂河路", "罗西街", "双月湖路"],
        near=["371302", "371312", "371324", "371325"],
    ),
    "371312": dict(
        slug="hedong",
        prefix="临沂市河东区",
        addr="山东省临沂市河东区",
        phone="0539-81",
        roads=["东兴路", "凤凰大街", "人民大街", "沂河东路", "温泉路", "九曲路"],
        near=["371302", "371311", "371329", "371372"],
    ),
    "371321": dict(
        slug="yinan",
        prefix="沂南县",
        addr="山东省临沂市沂南县",
        phone="0539-32",
        roads=["历山路", "人民路", "振兴路", "澳柯玛大街"],
        near=["371302", "371323", "371328"],
    ),
    "371322": dict(
        slug="tancheng",
        prefix="郯城县",
        addr="山东省临沂市郯城县",
        phone="0539-62",
        roads=["郯东路", "人民路", "建设路", "东风路"],
        near=["371324", "371329"],
    ),
    "371323": dict(
        slug="yishui",
        prefix="沂水县",
        addr="山东省临沂市沂水县",
        phone="0539-22",
        roads=["长安路", "正阳路", "沂蒙山路", "龙泉路"],
        near=["371321", "371328", "371327"],
    ),
    "371324": dict(
        slug="lanling",
        prefix="兰陵县",
        addr="山东省临沂市兰陵县",
        phone="0539-52",
        roads=["文峰路", "会宝路", "金山路", "东风路"],
        near=["371311", "371322", "371325"],
    ),
    "371325": dict(
        slug="feixian",
        prefix="费县",
        addr="山东省临沂市费县",
        phone="0539-50",
        roads=["南京路", "上海路", "探沂路", "东关路"],
        near=["371302", "371326", "371324"],
    ),
    "371326": dict(
        slug="pingyi",
        prefix="平邑县",
        addr="山东省临沂市平邑县",
        phone="0539-42",
        roads=["莲花山路", "浚河路", "东阳路", "文化路"],
        near=["371325", "371328"],
    ),
    "371327": dict(
        slug="junan",
        prefix="莒南县",
        addr="山东省临沂市莒南县",
        phone="0539-72",
        roads=["振兴路", "文化路", "人民路", "莒州路"],
        near=["371323", "371329", "371373"],
    ),
    "371328": dict(
        slug="mengyin",
        prefix="蒙阴县",
        addr="山东省临沂市蒙阴县",
        phone="0539-41",
        roads=["叠翠路", "蒙山路", "新城路", "汶河路"],
        near=["371323", "371321", "371326"],
    ),
    "371329": dict(
        slug="linshu",
        prefix="临沭县",
        addr="山东省临沂市临沭县",
        phone="0539-61",
        roads=["常林大街", "沭河大街", "兴大路", "人民路"],
        near=["371312", "371322", "371327"],
    ),
    "371371": dict(
        slug="gaoxin",
        prefix="临沂高新区",
        addr="山东省临沂高新技术产业开发区",
        phone="0539-86",
        roads=["科技大道", "工业北路", "双月湖路"],
        near=["371302", "371311"],
    ),
    "371372": dict(
        slug="jingkai",
        prefix="临沂经济技术开发区",
        addr="山东省临沂经济技术开发区",
        phone="0539-85",
        roads=["沃尔沃路", "华夏路", "昆明路"],
        near=["371312", "371311"],
    ),
    "371373": dict(
        slug="lingang",
        prefix="临沂临港经济开发区",
        addr="山东省临沂临港经济开发区",
        phone="0539-76",
        roads=["临港大道", "坪上路", "朱芦路"],
        near=["371327"],
    ),
}

# Relative size of each supervising office: extra institutions go preferably to the bigger ones.
WEIGHTS = {
    "371302": 6,
    "371311": 4,
    "371312": 4,
    "371321": 2,
    "371322": 2,
    "371323": 3,
    "371324": 2,
    "371325": 2,
    "371326": 2,
    "371327": 2,
    "371328": 1,
    "371329": 2,
    "371371": 2,
    "371372": 2,
    "371373": 1,
}

TRADE_WORDS = [
    "鑫源",
    "恒信",
    "汇通",
    "金鼎",
    "华鑫",
    "瑞丰",
    "诚信",
    "同心",
    "昌盛",
    "宏达",
    "永盛",
    "泰和",
    "兴业",
    "富民",
    "惠民",
    "沂蒙",
    "蒙山",
    "沂河",
    "祥和",
    "金诚",
    "融信",
    "中泰",
    "天元",
    "开元",
    "聚丰",
    "隆泰",
    "润德",
    "海纳",
    "金桥",
    "鼎盛",
    "和信",
    "立信",
    "百信",
    "众成",
    "众信",
    "嘉信",
    "嘉禾",
    "丰源",
    "益民",
    "利民",
    "金穗",
    "金谷",
    "汇金",
    "汇鑫",
    "顺和",
    "恒泰",
    "恒通",
    "亿丰",
    "亿通",
    "金盛",
    "盛世",
    "宝丰",
    "通达",
    "金海",
    "正和",
    "东方",
    "阳光",
    "金安",
    "安信",
    "琅琊",
    "银雀",
    "金雀",
    "凤凰",
    "沂州",
    "远航",
    "鹏程",
    "厚德",
    "仁和",
    "信诚",
    "合力",
]

KIND_SUFFIXES = {
    "microloan": ["小额贷款股份有限公司", "小额贷款有限公司", "农村小额贷款股份有限公司"],
    "guarantee": ["融资担保有限公司", "融资担保股份有限公司", "融资担保有限责任公司"],
    "private_capital": ["民间资本管理股份有限公司", "民间资本管理有限公司"],
    "lending_registry": ["民间融资登记服务有限公司", "民间融资登记服务股份有限公司"],
}

# First and last approval year per kind, following when Shandong opened each pilot.
KIND_YEARS = {
    "microloan": (2009, 2020),
    "guarantee": (2009, 2022),
    "private_capital": (2013, 2024),
    "lending_registry": (2014, 2024),
}

# Registered capital per kind: (low, high, step) in yuan.
KIND_CAPITAL = {
    "microloan": (50_000_000, 500_000_000, 10_000_000),
    "guarantee": (20_000_000, 300_000_000, 10_000_000),
    "private_capital": (30_000_000, 300_000_000, 10_000_000),
    "lending_registry": (5_000_000, 50_000_000, 1_000_000),
}

INDUSTRIES = [
    "商贸",
    "建设工程",
    "置业",
    "物流",
    "木业",
    "食品",
    "机械",
    "化工",
    "医药",
    "农业发展",
    "投资",
    "实业",
    "钢铁",
    "纺织",
    "电子科技",
    "新能源",
    "建材",
    "陶瓷",
    "板材",
    "电器",
]
ENTERPRISE_FORMS = ["有限公司", "有限公司", "集团有限公司", "股份有限公司"]
STATE_HOLDERS = ["城市建设投资集团有限公司", "财金投资有限公司", "国有资产运营有限公司"]

STATUS_REASONS = {
    "registered": "经省地方金融监管部门批复同意设立，纳入监管名录",
    "opened": "完成工商登记并领取营业执照，正式开业",
    "suspended": [
        "未按规定报送监管报表且逾期未整改，责令暂停新增业务",
        "主要股东涉嫌非法集资被公安机关立案侦查，暂停全部业务",
        "现场检查发现账外经营问题，责令暂停业务并限期整改",
    ],
    "resumed": "整改验收合格，恢复正常经营",
    "exiting": [
        "股东会决议解散，申请退出试点",
        "连续两年未开展主营业务，启动市场退出程序",
        "经营困难，经股东会决议申请终止经营",
    ],
    "revoked": "年度考评为V(2)级且逾期未完成整改，经省地方金融监管部门批准取消试点资格",
}

# (course, organiser, the kind it is for or "" for all kinds)
COURSES = [
    ("高级管理人员任职资格培训", "临沂市金融工作办公室", ""),
    ("防范和处置非法集资专题培训", "临沂市金融工作办公室", ""),
    ("反洗钱业务培训", "中国人民银行临沂市中心支行", ""),
    ("地方金融监督管理条例解读", "山东省地方金融监督管理局", ""),
    ("风险管理与内部控制培训", "临沂市金融工作办公室", ""),
    ("监管报表填报与数据质量培训", "临沂市金融工作办公室", ""),
    ("小额贷款公司业务合规培训", "山东省小额贷款企业协会", "microloan"),
    ("融资担保行业监管政策培训", "山东省融资担保行业协会", "guarantee"),
    ("民间资本管理机构投资业务培训", "山东省地方金融监督管理局", "private_capital"),
    ("民间融资登记服务业务培训", "山东省地方金融监督管理局", "lending_registry"),
]

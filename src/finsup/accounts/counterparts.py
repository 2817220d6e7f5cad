"""The bodies an office deals with at its own level, by their official names: the oversight bodies
an accountability case is transferred to, the police a suspected crime is referred to, and the
superior office a request (请示) goes to. Names as such bodies style themselves in Shandong:

- a district of a city (兰山区) prefixes the city: 中共临沂市兰山区纪律检查委员会, 临沂市兰山区人民检察院,
  and its police are a branch of the city's bureau: 临沂市公安局兰山分局;
- a county (沂南县) is named alone: 沂南县人民检察院, 沂南县公安局;
- a development zone has no people's congress, hence no supervisory commission, procuratorate or
  court of its own: it deals with the city's bodies (its police too, the city bureau's branch being
  an internal unit);
- the city and the province: 临沂市公安局, 临沂市中级人民法院; 山东省公安厅, 山东省高级人民法院.

The legal affairs office (法制办) merged into the justice bureau (司法局/司法厅) in 2018.
"""

from __future__ import annotations

from .choices import OfficeLevel, OversightBody

# What follows the place in the name of a financial office (兰山区金融工作办公室 → 兰山区).
OFFICE_SUFFIXES = ("金融工作办公室", "地方金融监督管理局", "地方金融管理局", "金融服务中心", "金融办")


def place_of(office) -> str:
    """The place an office serves, as its bodies' names begin: 山东省, 临沂市, 临沂市兰山区, 沂南县."""
    if office.level == OfficeLevel.ZONE and office.parent is not None:
        return place_of(office.parent)
    local = _local(office)
    if office.level == OfficeLevel.COUNTY and local.endswith("区") and office.parent is not None:
        city = place_of(office.parent)
        return local if local.startswith(city) else city + local
    return local


def body_name(office, body: str) -> str:
    """The official name of an oversight body (OversightBody) at the office's level."""
    if office.level == OfficeLevel.ZONE and office.parent is not None:
        return body_name(office.parent, body)
    place = place_of(office)
    if body == OversightBody.POLICE:
        return police_name(office)
    if body == OversightBody.DISCIPLINE:
        return f"中共{place}纪律检查委员会、{place}监察委员会"
    if body == OversightBody.PROCURATORATE:
        return f"{place}人民检察院"
    if body == OversightBody.COURT:
        court = {OfficeLevel.PROVINCE: "高级人民法院", OfficeLevel.CITY: "中级人民法院"}.get(office.level, "人民法院")
        return place + court
    if body == OversightBody.LEGAL_AFFAIRS:
        return place + ("司法厅" if office.level == OfficeLevel.PROVINCE else "司法局")
    raise ValueError(body)


def police_name(office) -> str:
    """The public security organ at the office's level (国务院令第310号: 同级公安机关)."""
    if office.level == OfficeLevel.ZONE and office.parent is not None:
        return police_name(office.parent)
    if office.level == OfficeLevel.PROVINCE:
        return f"{place_of(office)}公安厅"
    local = _local(office)
    if office.level == OfficeLevel.COUNTY and local.endswith("区") and office.parent is not None:
        city = place_of(office.parent)
        return f"{city}公安局{local.removeprefix(city).removesuffix('区')}分局"
    return f"{place_of(office)}公安局"


def superior_of(office):
    """The office a request (请示) of this one is addressed to: its parent, never one above it
    (党政机关公文处理工作条例 第十五条: 一般不得越级请示). None for the province."""
    return office.parent


def _local(office) -> str:
    for suffix in OFFICE_SUFFIXES:
        if office.name.endswith(suffix) and len(office.name) > len(suffix):
            return office.name.removesuffix(suffix)
    return office.short_name

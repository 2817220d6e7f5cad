from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerKind(models.TextChoices):
    """Who the office coordinates and serves (items ④⑤⑪–⑭⑰–㉑): the financial institutions resident in
    Linyi, which it does not license, and the departments it works with."""

    BANK = "bank", _("Bank")
    INSURER = "insurer", _("Insurer")
    SECURITIES = "securities", _("Securities or futures firm")
    TRUST = "trust", _("Trust company")
    FINANCE_COMPANY = "finance_company", _("Finance company")
    DEPARTMENT = "department", _("Partner department")


# The items of the responsibility list a kind of partner is worked under (duties' item ids).
KIND_ITEMS: dict[str, tuple[int, ...]] = {
    PartnerKind.BANK: (5, 11, 12, 13),
    PartnerKind.INSURER: (18, 19, 20),
    PartnerKind.SECURITIES: (15, 17),
    PartnerKind.TRUST: (14,),
    PartnerKind.FINANCE_COMPANY: (14,),
    PartnerKind.DEPARTMENT: (4, 6, 7, 21),
}


def numeral(item: int) -> str:
    """The item's circled numeral as the responsibility list prints it (① … ⑳ U+2460…, ㉑ … U+3251…)."""
    return chr(0x2460 + item - 1) if item <= 20 else chr(0x3251 + item - 21)


class MatterKind(models.TextChoices):
    """A major matter of a resident or city-owned institution the office follows (③⑬⑳)."""

    EXECUTIVES = "executives", _("Change of senior executives")
    BRANCHES = "branches", _("Branch opened, merged or closed")
    CAPITAL = "capital", _("Capital increase or change of shareholders")
    RISK = "risk", _("Major risk or incident")
    REFORM = "reform", _("Reform or restructuring")
    OTHER = "other", _("Other major matter")

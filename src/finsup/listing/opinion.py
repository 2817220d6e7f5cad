"""The content of the office's opinion on a company applying to list (⑮): what it applies for on
its board, addressed to the securities regulator by default, the facts the office found and its
opinion; the wording is the office's, Chinese in every interface language."""

from __future__ import annotations

from .choices import Board

REGULATOR = "中国证券监督管理委员会山东监管局"
OFFERINGS = {
    Board.MAIN: "首次公开发行股票并在主板上市",
    Board.CHINEXT: "首次公开发行股票并在创业板上市",
    Board.STAR: "首次公开发行股票并在科创板上市",
    Board.BSE: "向不特定合格投资者公开发行股票并在北京证券交易所上市",
    Board.NEEQ: "股票在全国中小企业股份转让系统挂牌",
    Board.OVERSEAS: "境外发行股票并上市",
}


def context(company, *, addressee: str, facts: list[str], opinion: str, by) -> dict:
    phone = getattr(by, "work_phone", "") or by.office.supervision_phone
    result = {
        "addressee": (addressee or "").strip() or REGULATOR,
        "company_name": company.name,
        "credit_code": company.credit_code,
        "offering": OFFERINGS[company.board],
        "facts": facts,
        "opinion": opinion,
        "contact": f"{by}，{phone}" if phone else str(by),
    }
    if company.sponsor:
        result["sponsor"] = company.sponsor
    return result

"""The content of a request (请示) as every workflow that asks the superior office composes it:
addressed to the issuing office's superior (no request skips a level), passed on by it to the one
above when that one decides (a county's request reaches the province through the city), with the
contact person and a telephone number for its note."""

from __future__ import annotations

from finsup.accounts.counterparts import superior_of


def request_context(*, office, matter: str, facts: list[str], proposal: list[str], basis: str, contact) -> dict | None:
    """The context of a request of `office`, or None when it has no superior office (the province)."""
    superior = superior_of(office)
    if superior is None:
        return None
    context = {
        "addressee": superior.name,
        "matter": matter,
        "facts": facts,
        "proposal": proposal,
        "basis": basis,
        "contact": str(contact),
        "phone": getattr(contact, "work_phone", "") or office.supervision_phone or superior.supervision_phone,
    }
    if superior.parent is not None:
        context["forward_to"] = superior.parent.name
    return context

"""The county's narrative supervision report as DOCX, laid out after GB/T 9704-2012 党政机关公文格式
with the shared page of `finsup.documents.layout`. A report to the city is an upward document:
the number sits left with the signer on the right."""

from __future__ import annotations

from finsup.documents import layout
from finsup.documents.layout import DOCX_CONTENT_TYPE

from .narrative import Narrative, narrative
from .results import Summary

__all__ = ["DOCX_CONTENT_TYPE", "narrative_docx"]


def narrative_docx(summary: Summary) -> bytes:
    text = narrative(summary)
    doc = layout.new_document()
    layout.head(doc, issuer=text.issuer, number=text.number, upward=True)
    layout.title(doc, text.title, addressee=text.addressee)
    _body(doc, text)
    layout.signature(doc, office=text.signature, date=text.date)
    return layout.to_bytes(doc, title=text.title, author=text.issuer)


def _body(doc, text: Narrative) -> None:
    layout.body(doc, text.opening)
    for section in text.sections:
        layout.heading(doc, section.heading)
        for para in section.paragraphs:
            layout.body(doc, para.text, lead=para.lead)

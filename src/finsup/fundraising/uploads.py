"""The text of a file an inspector uploads about an entity: a saved web page, an advertisement's
text, a Word file of promotional material. What the signals read is the text; the file is kept."""

from __future__ import annotations

import html
import io
import re

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError

from .errors import Code

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".htm", ".html", ".docx")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)
_BLANKS = re.compile(r"[ \t\r\f\v]+")


def _refuse(message: str) -> ApplicationError:
    return ApplicationError(message, field="file", code=Code.DOCUMENT_FILE_INVALID)


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(_("The file is neither UTF-8 nor GB18030 text."))


def file_text(name: str, raw: bytes) -> str:
    """The readable text of an uploaded file; refuses what it cannot read (nothing is stored)."""
    lower = name.lower()
    if not lower.endswith(TEXT_SUFFIXES):
        raise _refuse(_("Upload a text file (.txt), a saved web page (.html) or a Word file (.docx)."))
    if len(raw) > MAX_BYTES:
        raise _refuse(_("The file is larger than 5 MB."))
    if lower.endswith(".docx"):
        import docx

        try:
            document = docx.Document(io.BytesIO(raw))
        except Exception:  # python-docx raises several kinds for a file that is not a DOCX
            raise _refuse(_("The Word file cannot be read.")) from None
        text = "\n".join(p.text for p in document.paragraphs)
    elif lower.endswith((".htm", ".html")):
        text = html.unescape(strip_tags(_SCRIPT.sub(" ", _decode(raw))))
    else:
        text = _decode(raw)
    lines = [_BLANKS.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)

"""What an uploaded file is: its content (read by puremagic from the bytes) and its name's extension
must name the same type, and that type must be one the upload accepts. A file beginning `%PDF-`
under a `.html` name, or an HTML page renamed `.pdf`, is refused, and nothing is stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.utils.translation import gettext as _

from .errors import ApplicationError, Code


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]  # lower case, without the dot; the first is the usual one


PDF = FileType("PDF", "application/pdf", ("pdf",))
PNG = FileType("PNG", "image/png", ("png",))
JPEG = FileType("JPEG", "image/jpeg", ("jpg", "jpeg"))
PDF_OR_IMAGE = (PDF, PNG, JPEG)


def content_types_of(content: bytes) -> set[str]:
    """Every type puremagic finds the bytes could be (a file may match several signatures)."""
    try:
        return {match.mime_type for match in puremagic.magic_string(content) if match.mime_type}
    except (puremagic.PureError, ValueError):
        return set()


def file_type_of(name: str, content: bytes, allowed: Sequence[FileType], *, field: str) -> FileType:
    """The allowed type that both the extension of `name` and the content name; ApplicationError
    (with `field`) if there is none."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    declared = next((t for t in allowed if extension in t.extensions), None)
    names = "、".join(t.label for t in allowed)
    if declared is None:
        raise ApplicationError(
            _("“%(name)s” is not accepted: only %(types)s files (%(extensions)s) may be uploaded.")
            % {"name": name, "types": names, "extensions": ", ".join(f".{e}" for t in allowed for e in t.extensions)},
            field=field,
            code=Code.FILE_TYPE_NOT_ACCEPTED,
        )
    if declared.content_type not in content_types_of(content):
        raise ApplicationError(
            _("The content of “%(name)s” is not a %(type)s file, as its name says (the content was checked).")
            % {"name": name, "type": declared.label},
            field=field,
            code=Code.FILE_CONTENT_MISMATCH,
        )
    return declared

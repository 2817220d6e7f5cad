"""Checking uploaded attachments: PDF, PNG or JPEG, the content and the name's extension agreeing
(core.file_types)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError
from finsup.core.file_types import PDF_OR_IMAGE, file_type_of

from .errors import Code


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def check_attachments(files) -> list[CheckedFile]:
    """Reads each upload (at most the size limit plus one byte) and refuses the whole set if any
    file is too large, not a PDF, PNG or JPEG by both its content and its name, or if there are too many."""
    max_files = settings.FINSUP_COMPLAINT_ATTACHMENT_MAX_FILES
    max_bytes = settings.FINSUP_COMPLAINT_ATTACHMENT_MAX_BYTES
    files = [f for f in files if f]
    if len(files) > max_files:
        raise ApplicationError(
            _("At most %(n)d attachments may be sent.") % {"n": max_files},
            field="attachments",
            code=Code.TOO_MANY_ATTACHMENTS,
        )
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "attachment")[-200:]
        content = upload.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise ApplicationError(
                _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // (1024 * 1024)},
                field="attachments",
                code=Code.ATTACHMENT_TOO_LARGE,
            )
        if not content:
            raise ApplicationError(
                _("“%(name)s” is empty.") % {"name": name}, field="attachments", code=Code.ATTACHMENT_EMPTY
            )
        file_type = file_type_of(name, content, PDF_OR_IMAGE, field="attachments")
        checked.append(CheckedFile(name, content, file_type.content_type, hashlib.sha256(content).hexdigest()))
    return checked

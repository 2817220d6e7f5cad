"""Checking uploaded attachments: the type is decided by the content (magic bytes), not the name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError

# (magic prefix, content type, extension)
_SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(head: bytes) -> str | None:
    for magic, content_type, _ext in _SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def check_attachments(files) -> list[CheckedFile]:
    """Reads each upload (at most the size limit plus one byte) and refuses the whole set if any
    file is too large, of a type not accepted, or if there are too many."""
    max_files = settings.FINSUP_COMPLAINT_ATTACHMENT_MAX_FILES
    max_bytes = settings.FINSUP_COMPLAINT_ATTACHMENT_MAX_BYTES
    files = [f for f in files if f]
    if len(files) > max_files:
        raise ApplicationError(_("At most %(n)d attachments may be sent.") % {"n": max_files}, field="attachments")
    checked = []
    for upload in files:
        name = (getattr(upload, "name", "") or "attachment")[-200:]
        content = upload.read(max_bytes + 1)
        if len(content) > max_bytes:
            raise ApplicationError(
                _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": max_bytes // (1024 * 1024)},
                field="attachments",
            )
        if not content:
            raise ApplicationError(_("“%(name)s” is empty.") % {"name": name}, field="attachments")
        content_type = sniff(content[:16])
        if content_type is None:
            raise ApplicationError(
                _("“%(name)s” is not a PDF, PNG or JPEG file (the content was checked, not the name).")
                % {"name": name},
                field="attachments",
            )
        checked.append(CheckedFile(name, content, content_type, hashlib.sha256(content).hexdigest()))
    return checked

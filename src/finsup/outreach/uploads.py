"""Checking an uploaded material. The type is decided by the content with the complaints'
`sniff` (PDF, PNG, JPEG); materials get their own size limit, larger than an attachment's."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from finsup.complaints.attachments import CheckedFile, sniff
from finsup.core.errors import ApplicationError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "FINSUP_OUTREACH_MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_material(upload) -> CheckedFile:
    """Reads the upload (at most the limit plus one byte); refuses it if empty, too large or not a
    PDF, PNG or JPEG file by its content."""
    if not upload:
        raise ApplicationError(_("Choose the file of the material."), field="file")
    limit = max_bytes()
    name = (getattr(upload, "name", "") or "material")[-200:]
    content = upload.read(limit + 1)
    if not content:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": name}, field="file")
    if len(content) > limit:
        raise ApplicationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)}, field="file"
        )
    content_type = sniff(content[:16])
    if content_type is None:
        raise ApplicationError(
            _("“%(name)s” is not a PDF, PNG or JPEG file (the content was checked, not the name).") % {"name": name},
            field="file",
        )
    return CheckedFile(name, content, content_type, hashlib.sha256(content).hexdigest())

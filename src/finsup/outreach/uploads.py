"""Checking an uploaded material: PDF, PNG or JPEG, the content and the name's extension agreeing
(core.file_types); materials get their own size limit, larger than an attachment's."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.utils.translation import gettext as _

from finsup.complaints.attachments import CheckedFile
from finsup.core.errors import ApplicationError
from finsup.core.file_types import PDF_OR_IMAGE, file_type_of

from .errors import Code


def max_bytes() -> int:
    return settings.FINSUP_OUTREACH_MATERIAL_MAX_BYTES


def check_material(upload) -> CheckedFile:
    """Reads the upload (at most the limit plus one byte); refuses it if empty, too large or not a
    PDF, PNG or JPEG file by both its content and its name."""
    if not upload:
        raise ApplicationError(_("Choose the file of the material."), field="file", code=Code.MATERIAL_FILE_REQUIRED)
    limit = max_bytes()
    name = (getattr(upload, "name", "") or "material")[-200:]
    content = upload.read(limit + 1)
    if not content:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": name}, field="file", code=Code.MATERIAL_FILE_EMPTY)
    if len(content) > limit:
        raise ApplicationError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // (1024 * 1024)},
            field="file",
            code=Code.MATERIAL_FILE_TOO_LARGE,
        )
    file_type = file_type_of(name, content, PDF_OR_IMAGE, field="file")
    return CheckedFile(name, content, file_type.content_type, hashlib.sha256(content).hexdigest())

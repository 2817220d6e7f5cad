from django.utils import timezone

from finsup.complaints import services
from finsup.complaints.attachments import CheckedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
PDF = b"%PDF-1.4\n%test\n"


def file_complaint(institution=None, *, anonymous=True, now=None, attachments=(), **data):
    payload = {
        "kind": "complaint",
        "institution": institution,
        "subject": "暴力催收",
        "description": "该公司催收人员多次电话骚扰。",
        "anonymous": anonymous,
    }
    if not anonymous:
        payload.update(name="王小明", phone="13812345678", id_number="")
    payload.update(data)
    return services.complaint_file(data=payload, attachments=list(attachments), now=now or timezone.now())


def attachment(content=PNG, name="photo.png"):
    import hashlib

    return CheckedFile(name, content, "image/png", hashlib.sha256(content).hexdigest())

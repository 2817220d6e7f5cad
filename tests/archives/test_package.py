"""The package of an archived inspection: its PDFs, attachments, 卷内目录 and manifest; it verifies
against the database and the audit trail, and a tampered copy does not, saying what differs."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from finsup.archives.package import CATALOGUE, MANIFEST, SUMS, package_build
from finsup.archives.services import matter_archive
from finsup.archives.verification import package_verify
from finsup.audit.models import AuditEntry


@pytest.fixture
def archived(world, closed):
    entry = matter_archive(by=world.lanshan["clerk"], kind="inspection", pk=closed.pk)
    return entry, package_build(actor=world.lanshan["inspector"], entry=entry)


def _rewrite(content: bytes, name: str, new: bytes | None) -> bytes:
    """The package with one file replaced (or left out, new=None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as old, zipfile.ZipFile(out, "w") as copy:
        for info in old.infolist():
            if info.filename != name:
                copy.writestr(info, old.read(info.filename))
            elif new is not None:
                copy.writestr(info, new)
    return out.getvalue()


def test_the_package_holds_the_pdfs_attachments_catalogue_and_manifest(archived):
    entry, content = archived
    archive = zipfile.ZipFile(io.BytesIO(content))
    items = list(entry.items.order_by("position"))
    assert set(archive.namelist()) == {i.name for i in items} | {CATALOGUE, MANIFEST, SUMS}
    for item in items:
        assert hashlib.sha256(archive.read(item.name)).hexdigest() == item.sha256
    assert archive.read("attachments/001-台账.xlsx") == b"ledger 2026"
    sheet = load_workbook(io.BytesIO(archive.read(CATALOGUE))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "卷内目录" and rows[1] == ("档号", entry.number, *[None] * 6)
    assert ("保管期限", "定期30年", *[None] * 6) in rows
    header = rows.index(("序号", "文号", "标题", "日期", "页数", "大小（字节）", "SHA-256 校验值", "包内文件"))
    body = rows[header + 1 :]
    assert [r[0] for r in body] == [i.position for i in items]
    assert [r[1] or "" for r in body] == [i.doc_number for i in items]
    assert [r[6] for r in body] == [i.sha256 for i in items]
    export = AuditEntry.objects.get(object_type="archives.archiveentry", object_id=str(entry.pk), action="export")
    assert export.changes["package_sha256"][1] == hashlib.sha256(content).hexdigest()


def test_the_package_verifies_and_a_tampered_copy_does_not(archived):
    entry, content = archived
    report = package_verify(content=content)
    assert report.ok and report.number == entry.number and report.checked == entry.items.count() == 6

    document = entry.items.get(position=1)
    tampered = package_verify(content=_rewrite(content, document.name, b"%PDF-1.4 forged"))
    assert not tampered.ok
    (problem,) = tampered.problems
    forged = hashlib.sha256(b"%PDF-1.4 forged").hexdigest()
    assert document.name in problem and "已被篡改" in problem
    assert forged[:16] in problem and document.sha256[:16] in problem

    missing = package_verify(content=_rewrite(content, "attachments/002-访谈记录.pdf", None))
    assert any("档案包中缺少" in p for p in missing.problems)
    extra = io.BytesIO(content)
    with zipfile.ZipFile(extra, "a") as z:
        z.writestr("attachments/003-添加.txt", b"slipped in")
    assert any("不属于归档事项" in p for p in package_verify(content=extra.getvalue()).problems)
    manifest = package_verify(
        content=_rewrite(content, MANIFEST, zipfile.ZipFile(io.BytesIO(content)).read(MANIFEST) + b" ")
    )
    assert any("manifest.json 与归档时不符" in p for p in manifest.problems)
    assert package_verify(content=b"not a zip").problems[0].startswith("这不是档案包")


def test_a_file_changed_in_the_store_after_archiving_fails_against_its_record(world, archived, settings):
    """Someone rewrote the SHA-256 an evidence file's record stores: the package no longer agrees with
    the database, and the report says which file and what the record now holds."""
    entry, content = archived
    item = entry.items.get(position=5)
    from finsup.inspections.models import EvidenceFile

    row = EvidenceFile.objects.get(pk=item.source_id)
    EvidenceFile.objects.filter(pk=row.pk).update(sha256="f" * 64)  # someone rewrote the record
    report = package_verify(content=content)
    assert [p for p in report.problems if "其原记录现存" in p and item.name in p]


def test_the_command_verifies_a_package_and_exits_1_on_a_tampered_one(archived, tmp_path, capsys):
    entry, content = archived
    good = tmp_path / "good.zip"
    good.write_bytes(content)
    call_command("archives", "verify", str(good))
    assert f"{entry.number}: 6 file(s) match" in capsys.readouterr().out
    bad = tmp_path / "bad.zip"
    bad.write_bytes(_rewrite(content, "attachments/001-台账.xlsx", b"forged"))
    with pytest.raises(CommandError, match="does not verify"):
        call_command("archives", "verify", str(bad))
    assert "attachments/001-台账.xlsx" in capsys.readouterr().err

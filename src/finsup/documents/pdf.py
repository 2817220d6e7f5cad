"""DOCX → PDF with LibreOffice headless, and PDF → text with pdftotext.

LibreOffice keeps its state in a user profile, and two conversions sharing one profile fail.
Each call therefore gets a private profile in a temporary folder, removed afterwards (a fresh
profile costs about a second more than a warm one; conversions are rare, correctness first).
Several files convert in one call, which pays the start-up of LibreOffice (~3 s) once.

The faces named in the DOCX (方正小标宋简体, 仿宋_GB2312, …) resolve through `fonts.conf` to the
official faces when installed, else to Noto Serif/Sans CJK SC (Debian: fonts-noto-cjk), the
Simplified Chinese variant: its own glyphs where the regional forms differ (骨, 直, the position of
the full-width colon…).

The name of an embedded Noto CJK face. Debian ships the regions of Noto CJK as one collection
(NotoSerifCJK-Regular.ttc) whose faces (JP, KR, SC, TC, HK) share one CFF table and differ by
their character maps: the SC face maps 直 to glyph 27746, the JP face to 27745. LibreOffice
uses the SC face's map (a run in the JP face gets a subset of its own) but names the subset it
embeds after the shared CFF, whose font name is the first region's, "NotoSerifCJKjp-Regular",
whatever face it came from. `_name_region` renames those subsets to the region of the faces
`fonts.conf` resolves to (SC; same length, so the PDF's cross-reference offsets stay right), so
that a reader (`pdffonts`) sees the variant that is embedded.

The platform runs without LibreOffice: only the conversion fails, with `PdfUnavailable`."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from django.utils.translation import gettext as _

from finsup.core.errors import ApplicationError

from .errors import Code

TIMEOUT_SECONDS = 120
FONTS_CONF = Path(__file__).with_name("fonts.conf")
PDF_CONTENT_TYPE = "application/pdf"
_CONVERTER: ContextVar[Callable[[bytes], bytes] | None] = ContextVar("documents_pdf_converter", default=None)


class PdfUnavailable(ApplicationError):
    code = "pdf_unavailable"


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def converted_by(convert: Callable[[bytes], bytes]) -> Iterator[None]:
    """Within the block, each PDF is made by `convert` (DOCX bytes → PDF bytes) instead of
    LibreOffice. The demo loader issues dozens of documents, each step a LibreOffice run of about
    two seconds; it renders their text in a plain layout instead (finsup.demo.activity_pdf)."""
    token = _CONVERTER.set(convert)
    try:
        yield
    finally:
        _CONVERTER.reset(token)


def docx_to_pdf(docx: bytes) -> bytes:
    return docx_to_pdf_many([docx])[0]


def docx_to_pdf_many(docs: list[bytes], *, timeout: int | None = None) -> list[bytes]:
    """Converts every DOCX in one LibreOffice run; the PDFs come back in the same order. A run
    that outlives ``timeout`` seconds (default TIMEOUT_SECONDS, read at each call) is killed."""
    if not docs:
        return []
    convert = _CONVERTER.get()
    if convert is not None:
        return [convert(doc) for doc in docs]
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    binary = soffice_binary()
    if binary is None:
        raise PdfUnavailable(
            _("PDF cannot be generated: LibreOffice is not installed (apt-get install libreoffice-writer-nogui).")
        )
    with tempfile.TemporaryDirectory(prefix="finsup-soffice-") as tmp:
        work = Path(tmp)
        sources = []
        for i, content in enumerate(docs):
            source = work / f"d{i:03d}.docx"
            source.write_bytes(content)
            sources.append(source)
        out = work / "out"
        command = [
            binary,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            *map(str, sources),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": tmp}
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, env=env, cwd=tmp, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(
                _("PDF conversion did not finish within {seconds} seconds; try again later.").format(seconds=timeout)
            ) from None
        pdfs = []
        for source in sources:
            target = out / f"{source.stem}.pdf"
            if not target.is_file():
                detail = (result.stderr or result.stdout).decode(errors="replace").strip()[-300:]
                raise PdfUnavailable(_("PDF conversion failed: {detail}").format(detail=detail or result.returncode))
            pdfs.append(_name_region(target.read_bytes()))
        return pdfs


# "/BAAAAA+NotoSerifCJKjp-Regular-VKana": a subset of a Noto CJK face, named after the shared CFF.
_NOTO_CJK_SUBSET = re.compile(rb"(/[A-Z]{6}\+Noto(?:Serif|Sans)(?:Mono)?CJK)jp-")
REGION = b"sc"  # the region of the faces fonts.conf resolves to (tests/documents/test_layout.py)


def _name_region(content: bytes) -> bytes:
    return _NOTO_CJK_SUBSET.sub(rb"\1" + REGION + b"-", content)


def pdf_text(content: bytes) -> str:
    """The text of a PDF in reading order (pdftotext -layout would pad with spaces)."""
    binary = shutil.which("pdftotext")
    if binary is None:
        raise PdfUnavailable(_("pdftotext is not installed (apt-get install poppler-utils)."))
    result = subprocess.run([binary, "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise ApplicationError(_("The PDF could not be read."), code=Code.PDF_UNREADABLE)
    return result.stdout.decode("utf-8")

"""The demo's PDFs without LibreOffice: the text of a document (its DOCX paragraphs and table
cells, or given lines) set on A4 pages in the STSong-Light font every PDF reader carries for
Chinese (Adobe-GB1, nothing embedded). Plain, not the GB/T 9704 layout of the DOCX: a LibreOffice
run costs about two seconds per step, and the demo issues dozens of documents."""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile

_PAGE_W, _PAGE_H, _MARGIN = 595, 842, 72
_SIZE, _LEADING, _TITLE_SIZE = 12, 20, 18


_PARAGRAPH_END = re.compile(r"</w:p>")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def docx_lines(docx: bytes) -> list[str]:
    """The non-empty paragraphs of a DOCX in document order (table cells included), read from its
    XML directly: python-docx would take as long as rendering the document did."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    lines = ("".join(html.unescape(t) for t in _TEXT.findall(part)).strip() for part in _PARAGRAPH_END.split(xml))
    return [line for line in lines if line]


def docx_as_pdf(docx: bytes) -> bytes:
    return text_pdf(docx_lines(docx))


def _wrap(line: str, size: int) -> list[str]:
    """Cut into lines that fit the page; every character is set full width (the font's Latin
    characters under this encoding are, too)."""
    room = (_PAGE_W - 2 * _MARGIN) // size
    return [line[i : i + room] for i in range(0, len(line), room)] or [""]


def _hex(text: str) -> str:
    # UCS-2: characters outside the Basic Multilingual Plane become "？".
    return "".join("FF1F" if ord(ch) > 0xFFFF else f"{ord(ch):04X}" for ch in text)


def _pages(lines: list[str]) -> list[list[tuple[int, str]]]:
    """(font size, text) per printed line, cut into pages; the first line is the title."""
    rows = [(_TITLE_SIZE, part) for part in _wrap(lines[0], _TITLE_SIZE)] if lines else []
    rows += [(_SIZE, part) for line in lines[1:] for part in _wrap(line, _SIZE)]
    per_page = (_PAGE_H - 2 * _MARGIN) // _LEADING
    return [rows[i : i + per_page] for i in range(0, len(rows), per_page)] or [[]]


def _stream(rows: list[tuple[int, str]]) -> bytes:
    ops = ["BT", f"{_LEADING} TL", f"{_MARGIN} {_PAGE_H - _MARGIN} Td"]
    for size, text in rows:
        ops.append(f"/F1 {size} Tf <{_hex(text)}> Tj T*")
    ops.append("ET")
    return "\n".join(ops).encode("ascii")


def text_pdf(lines: list[str]) -> bytes:
    """A PDF of `lines` (the first as a title), as many A4 pages as they take."""
    pages = _pages(lines)
    first_page = 6  # objects 1–5: catalog, page tree, font, descendant font, font descriptor
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    for i, rows in enumerate(pages):
        content = _stream(rows)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}]"
            f" /Resources << /Font << /F1 3 0 R >> >> /Contents {first_page + 2 * i + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return _file(objects)


def _file(objects: list[bytes]) -> bytes:
    """The objects numbered from 1, with the cross-reference table of their byte offsets."""
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    bodies = [b"%d 0 obj\n%s\nendobj\n" % (n, body) for n, body in enumerate(objects, start=1)]
    offsets = list(itertools.accumulate((len(b) for b in bodies), initial=len(header)))
    size = len(objects) + 1
    table = b"".join(b"%010d 00000 n \n" % o for o in offsets[:-1])
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, offsets[-1])
    return header + b"".join(bodies) + b"xref\n0 %d\n0000000000 65535 f \n" % size + table + trailer

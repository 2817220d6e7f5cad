"""Official documents (公文): DOCX in the GB/T 9704-2012 layout (`layout`, one builder per kind in
`builders`), numbered and locked by `services`, converted to PDF by LibreOffice (`pdf`).

What a document prints is fixed by the standard: the issuing office's full name in the red header
(`accounts.Office.full_name`: 临沂市兰山区金融工作办公室, the city's office as named), the title
of its kind (`choices.KIND_TITLES`, the one title lists and timelines show too), the signature
block on one page with the text it closes, and the 版记 (抄送 when there is any, 印发机关 and
印发日期 between rules) at the end of every kind.

Fonts. The DOCX names the official faces in each run's East Asian slot, with the language zh-CN:
方正小标宋简体 (header and title), 仿宋_GB2312 (body), 黑体 (first-level headings), 楷体_GB2312
(second-level headings), 宋体 (page numbers). Word uses them where they are installed. For the PDF,
`fonts.conf` resolves each name to the official face when installed (by its Chinese or English
name: FZXiaoBiaoSong-B05S, FangSong_GB2312, KaiTi_GB2312, SimHei), else falls back to the freely
licensed Noto CJK, always its Simplified Chinese variant: Noto Serif CJK SC (bold for 小标宋) for
the Song, Fangsong and Kai faces, Noto Sans CJK SC for 黑体 (Debian: fonts-noto-cjk). The layout is
set in points, so a fallback face changes the look of the strokes, not the page. `pdffonts` on a
generated PDF shows the faces embedded (never a JP variant: tests/documents/test_layout.py)."""

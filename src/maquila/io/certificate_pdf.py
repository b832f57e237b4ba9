"""The LVC certificate (:mod:`maquila.auto.certificate`) as a PDF, with fpdf2.

One page size (US Letter: the certification goes to CBP), the PDF core font Helvetica in
Windows-1252, so accents, "ñ", "×" and typographic quotes print without a font file and
with no network. Text outside Windows-1252 cannot be printed by that font: it is reported
(:class:`UnprintableText`, with the element's key) rather than replaced, so the PDF never
says something else than the input.
"""

from __future__ import annotations

from collections.abc import Iterator

from fpdf import FPDF
from fpdf.fonts import FontFace

from maquila.auto.certificate import Certificate, Row

ENCODING = "windows-1252"
FONT = "Helvetica"
LANGUAGE_TAG = {"en": "en-US", "es": "es-MX"}


class UnprintableText(ValueError):
    """Characters of the document the PDF font cannot print: (key, character) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(", ".join(f"{key}: {char!r}" for key, char in problems))


def unprintable(cert: Certificate) -> list[tuple[str, str]]:
    """(input path, character) for each input text with a character outside Windows-1252."""
    out = []
    for key, text in _texts(cert):
        bad = next((ch for ch in text if not _printable(ch)), None)
        if bad is not None:
            out.append((key, bad))
    return out


def _printable(char: str) -> bool:
    try:
        char.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def _texts(cert: Certificate) -> Iterator[tuple[str, str]]:
    """Text from the input, with its input path. Elements and the input figures are keyed
    by their path; in the steps the only text from the input is the assembly plant's name;
    the rest (labels, statement, citations) comes from the package data and the pack, which
    tests hold to Windows-1252."""
    for row in cert.elements + cert.figures:
        yield row.key, row.value
    for step in cert.steps:
        yield "assembly.plant", step.arithmetic


class _Pdf(FPDF):
    def __init__(self, page_label: str) -> None:
        super().__init__(format="Letter")
        self.page_label = page_label
        self.core_fonts_encoding = ENCODING

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        label = self.page_label.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 6, label, align="C")


def render_pdf(cert: Certificate) -> bytes:
    """The document's bytes; raises :class:`UnprintableText` before drawing anything."""
    problems = unprintable(cert)
    if problems:
        raise UnprintableText(problems)
    h = cert.headings
    pdf = _Pdf(h["page"])
    pdf.set_title(cert.title)
    pdf.set_lang(LANGUAGE_TAG[cert.lang])
    pdf.set_creator("maquila")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font(FONT, style="B", size=14)
    pdf.multi_cell(0, 8, cert.title, new_x="LMARGIN", new_y="NEXT")
    if cert.notice is not None:
        pdf.ln(2)
        pdf.set_font(FONT, style="B", size=10)
        pdf.multi_cell(0, 5, cert.notice, border=1, padding=2, new_x="LMARGIN", new_y="NEXT")
    _table(pdf, h["elements"], (h["element"], h["value"], h["source"]), _rows(cert.elements))
    _table(pdf, h["figures"], (h["element"], h["value"], h["citation"]), _rows(cert.figures))
    steps = [(s.step, s.citation, s.arithmetic) for s in cert.steps]
    _table(pdf, h["steps"], (h["step"], h["citation"], h["arithmetic"]), steps, (45, 45, 106))
    if cert.statement is not None and cert.signatory is not None:
        _heading(pdf, h["statement"])
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(0, 5, cert.statement, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, style="I", size=8)
        pdf.multi_cell(0, 4, f"({cert.statement_source})", new_x="LMARGIN", new_y="NEXT")
        _signature(pdf, h["signature"], cert.signatory)
    return bytes(pdf.output())


def _rows(rows: tuple[Row, ...]) -> list[tuple[str, str, str]]:
    return [(r.label, r.value, r.source) for r in rows]


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(4)
    pdf.set_font(FONT, style="B", size=11)
    pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: FPDF,
    title: str,
    header: tuple[str, str, str],
    rows: list[tuple[str, str, str]],
    widths: tuple[int, int, int] = (70, 76, 50),
) -> None:
    _heading(pdf, title)
    pdf.set_font(FONT, size=8)
    bold = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(col_widths=widths, headings_style=bold, line_height=4) as table:
        for cells in [header, *rows]:
            row = table.row()
            for text in cells:
                row.cell(text)


def _signature(pdf: FPDF, heading: str, signatory: tuple[str, str, str]) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    pdf.ln(16)
    x = pdf.get_x()
    pdf.line(x, pdf.get_y(), x + 90, pdf.get_y())
    pdf.set_font(FONT, size=9)
    pdf.cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
    for text in signatory:
        pdf.cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

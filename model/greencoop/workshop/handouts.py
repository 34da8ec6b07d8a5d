"""Printable participant handouts, one per module, as HTML and PDF from the same content.

A handout is the group's worksheet: what the module asks, the choices the
group can make (labels, meanings and ranges from the parameter declaration),
a box to write the prediction in *before* seeing results, how to read the
charts, and the discussion questions. The PDF is made with fpdf2 (pure
Python) in the DejaVu Sans font that ships with Matplotlib, so no system
packages are needed and Norwegian letters print correctly.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

from greencoop.files import write_atomically, write_text_atomically
from greencoop.params import PARAMETERS_BY_NAME
from greencoop.text import LANGUAGES, format_number, text, texts
from greencoop.workshop.modules import Module, modules

_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
.kicker { color: #0072B2; font-weight: bold; text-transform: uppercase; letter-spacing: .05em; margin: 0; }
h1 { margin-top: .2rem; } h2 { border-bottom: 2px solid #0072B2; margin-top: 1.6rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .3rem .5rem;
       text-align: left; vertical-align: top; } th { background: #eef4fa; }
.line { border-bottom: 1px solid #333; height: 2.2rem; margin: .3rem 0 .6rem; }
.label { font-weight: bold; margin-bottom: 0; } .note { background: #fff8e6; padding: .6rem .8rem; }
@media print {
  body { font-size: 9.5pt; line-height: 1.3; max-width: none; margin: 0; padding: 0; }
  h1 { font-size: 16pt; margin: .1rem 0 .3rem; } h2 { font-size: 12pt; margin: .6rem 0 .2rem; }
  p, ul, ol { margin: .2rem 0; } table { font-size: 8.5pt; } th, td { padding: .15rem .3rem; }
  .line { height: 1.3rem; margin: .1rem 0 .3rem; }
}
"""


@dataclass(frozen=True)
class Block:
    """One piece of a handout: a heading, paragraph, list, table, note or lines to write on."""

    kind: str  # "h1", "kicker", "h2", "p", "note", "ol", "ul", "table", "lines"
    text: str = ""
    items: tuple = ()
    lines: int = 1


def handout(module: Module, lang: str) -> list[Block]:
    """The content of one module's handout in ``lang``."""
    def t(key: str) -> str:
        return text(f"handout.{key}", lang)

    title = text("start.module_link", lang, number=module.number, title=module.title[lang])
    blocks = [Block("kicker", t("kicker")), Block("h1", title), Block("lines", t("group"))]
    if module.question:
        blocks.append(Block("p", f"{t('question')}: {text(f'research_question.{module.question}', lang)}"))
    blocks.append(Block("h2", t("choices")))
    if module.sandbox:
        blocks.append(Block("p", t("all_levers")))
    rows = tuple(_lever_row(name, lang) for name in module.levers)
    columns = tuple(texts("handout.columns", lang))
    if module.sandbox:  # every lever fits one page without its meaning, which the modules' sheets explain
        columns, rows = _without_meaning(columns), tuple(_without_meaning(row) for row in rows)
    blocks.append(Block("table", items=(columns, *rows)))
    blocks += [Block("h2", t("predict")), Block("p", t("predict_text")), Block("lines", t("our_choices"), lines=2),
               Block("lines", t("our_guess")),
               Block("h2", t("read")), Block("ul", items=tuple(texts("handout.read_items", lang))),
               Block("lines", t("saw")),
               Block("h2", t("discuss")), Block("ol", items=module.questions[lang]),
               Block("lines", t("reflection"), lines=3), Block("note", t("not_forecast"))]
    return blocks


def to_html(blocks: list[Block], lang: str) -> str:
    """A standalone printable HTML page (inline CSS, no external assets)."""
    title = next(b.text for b in blocks if b.kind == "h1")
    body = []
    for block in blocks:
        text = escape(block.text)
        if block.kind in ("h1", "h2"):
            body.append(f"<{block.kind}>{text}</{block.kind}>")
        elif block.kind == "kicker":
            body.append(f"<p class='kicker'>{text}</p>")
        elif block.kind in ("p", "note"):
            body.append(f"<p class='{block.kind}'>{text}</p>")
        elif block.kind in ("ol", "ul"):
            body.append(f"<{block.kind}>" + "".join(f"<li>{escape(i)}</li>" for i in block.items)
                        + f"</{block.kind}>")
        elif block.kind == "table":
            header, *rows = block.items
            body.append("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>"
                        + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
                        + "</table>")
        elif block.kind == "lines":
            body.append(f"<p class='label'>{text}</p>" + "<div class='line'></div>" * block.lines)
        else:
            raise ValueError(f"unknown block kind {block.kind!r}")
    return (f"<!DOCTYPE html>\n<html lang='{lang}'>\n<head>\n<meta charset='utf-8'>\n<title>{escape(title)}</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")


def to_pdf(blocks: list[Block]) -> bytes:
    """The same handout as an A4 PDF."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf = FPDF(format="A4")
    pdf.set_margins(14, 12, 14)
    pdf.set_auto_page_break(auto=True, margin=10)
    pdf.add_font("DejaVu", "", fonts / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", fonts / "DejaVuSans-Bold.ttf")
    pdf.set_title(next(b.text for b in blocks if b.kind == "h1"))
    pdf.set_creator("greencoop handouts")
    pdf.add_page()
    width = pdf.epw
    for block in blocks:
        if block.kind == "kicker":
            pdf.set_font("DejaVu", "B", 10)
            pdf.set_text_color(0, 114, 178)
            pdf.multi_cell(width, 6, block.text.upper(), align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(0, 0, 0)
        elif block.kind in ("h1", "h2"):
            pdf.ln(1 if block.kind == "h1" else 2.5)
            pdf.set_font("DejaVu", "B", 17 if block.kind == "h1" else 12.5)
            pdf.multi_cell(width, 8 if block.kind == "h1" else 6, block.text, align="L", new_x="LMARGIN",
                           new_y="NEXT")
            pdf.ln(0.5)
        elif block.kind in ("p", "note"):
            pdf.set_font("DejaVu", "", 10)
            if block.kind == "note":
                pdf.set_fill_color(255, 248, 230)
                pdf.ln(2)
            pdf.multi_cell(width, 5, block.text, fill=block.kind == "note", align="L", new_x="LMARGIN", new_y="NEXT")
        elif block.kind in ("ol", "ul"):
            pdf.set_font("DejaVu", "", 10)
            for number, item in enumerate(block.items, start=1):
                mark = f"{number}." if block.kind == "ol" else "•"
                pdf.cell(7, 5, mark)
                pdf.multi_cell(width - 7, 5, item, align="L", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "table":
            pdf.set_font("DejaVu", "", 8.5)
            widths = (24, 46, 18, 12) if len(block.items[0]) == 4 else (50, 30, 20)
            with pdf.table(col_widths=widths, line_height=4, first_row_as_headings=True, text_align="LEFT",
                           headings_style=FontFace(emphasis="BOLD", fill_color=(238, 244, 250))) as table:
                for row in block.items:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        elif block.kind == "lines":
            pdf.ln(1)
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(width, 5, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
            for _ in range(block.lines):
                pdf.ln(7)
                pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
            pdf.ln(1.5)
        else:
            raise ValueError(f"unknown block kind {block.kind!r}")
    return bytes(pdf.output())


def write_handouts(folder: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    """Write ``<folder>/<lang>/<module>.html`` and ``.pdf`` for every module; return the paths written."""
    written = []
    for lang in languages:
        target = folder / lang
        target.mkdir(parents=True, exist_ok=True)
        for module in modules().values():
            blocks = handout(module, lang)
            html_path, pdf_path = target / f"{module.id}.html", target / f"{module.id}.pdf"
            write_text_atomically(html_path, to_html(blocks, lang))
            pdf = to_pdf(blocks)
            write_atomically(pdf_path, lambda tmp, data=pdf: Path(tmp).write_bytes(data))
            written += [html_path, pdf_path]
    return written


def _lever_row(name: str, lang: str) -> tuple[str, str, str, str]:
    p = PARAMETERS_BY_NAME[name]
    if p.kind == "choice":
        allowed = ", ".join(p.words(choice, lang) for choice in p.choices)
        default = p.words(p.default, lang)
    else:
        allowed = f"{_number(p.low, lang)}–{_number(p.high, lang)} {p.unit[lang]}".strip()
        default = _number(p.default, lang)
    return p.label[lang], p.help[lang], allowed, default


def _without_meaning(row: tuple[str, ...]) -> tuple[str, ...]:
    """A table row without its second column, what a lever means."""
    return (row[0], *row[2:])


def _number(value: float, lang: str) -> str:
    return format_number(value, lang, 3, trim=True)

"""Reads a .docx with python-docx and prints what the tests check, as JSON: page size and margins (mm), the
Normal style's font and size, each paragraph's text with its alignment, bold/italic and sizes, and the tables' text."""
import json
import sys

import docx
from docx.shared import Mm


def mm(length):
    return round(length / Mm(1), 1) if length is not None else None


def runs(p):
    return [{"text": r.text, "bold": bool(r.bold), "italic": bool(r.italic), "size": r.font.size.pt if r.font.size else None}
            for r in p.runs]


def para(p):
    return {"text": p.text, "align": str(p.alignment) if p.alignment is not None else None,
            "first_line_mm": mm(p.paragraph_format.first_line_indent), "runs": runs(p)}


d = docx.Document(sys.argv[1])
s = d.sections[0]
normal = d.styles["Normal"]
out = {
    "page": {"width": mm(s.page_width), "height": mm(s.page_height), "top": mm(s.top_margin), "bottom": mm(s.bottom_margin),
             "left": mm(s.left_margin), "right": mm(s.right_margin), "orientation": str(s.orientation),
             "different_first_page": bool(s.different_first_page_header_footer)},
    "font": {"name": normal.font.name, "size": normal.font.size.pt if normal.font.size else None},
    "paragraphs": [para(p) for p in d.paragraphs],
    "tables": [[[{"text": c.text, "paragraphs": [para(p) for p in c.paragraphs]} for c in row.cells] for row in t.rows] for t in d.tables],
    "title": d.core_properties.title,
}
print(json.dumps(out, ensure_ascii=False))

"""Reads an .xlsx with openpyxl and prints its first sheet as JSON, for the Swift tests:
{"title": …, "rows": [[…]]} with dates as dd/mm/yyyy, whole numbers as integers, empty cells as "".
Also checks what Excel needs beyond cell values: a frozen header, an autofilter, column widths."""
import datetime, json, sys
from openpyxl import load_workbook

wb = load_workbook(sys.argv[1])
ws = wb.worksheets[0]
def cell(v):
    if v is None: return ""
    if isinstance(v, (datetime.datetime, datetime.date)): return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer(): return int(v)
    return v
rows = [[cell(v) for v in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps({
    "title": ws.title,
    "rows": rows,
    "frozen": ws.freeze_panes,
    "filter": ws.auto_filter.ref,
    "bold_header": bool(ws["A1"].font and ws["A1"].font.b),
    "date_format": next((c.number_format for row in ws.iter_rows(min_row=2) for c in row if c.is_date), None),
}, ensure_ascii=False))

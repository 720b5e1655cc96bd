#!/usr/bin/env python3
"""Browser smoke test in real Chromium: start `hdnd serve` on a free loopback port with a fresh
data folder, sign in as the demo office account, open the council page, save screenshots, sign out.

    python Tests/browser/smoke.py --binary .build/debug/hdnd [--screenshots screenshots]
"""
import argparse, os, shutil, subprocess, sys, tempfile, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from hdnd_server import free_port, stop, wait_until_up  # noqa: E402

os.environ.setdefault("SE_AVOID_STATS", "true")  # selenium-manager must not phone home
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"):
        options.add_argument(arg)
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            options.binary_location = path
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


def submit(d, wait, button):
    """Clicks `button` and waits for the page it leads to and its flash message: the page before may show a flash of
    its own, which a wait for any flash would find before the new page has come."""
    before = d.find_element(By.TAG_NAME, "main")
    button.click()

    def left(_):
        # Chromium reports an element of a page that has gone either as stale or as not in the document.
        try:
            before.is_enabled()
            return False
        except WebDriverException:
            return True
    wait.until(left)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash-success")))


def sign_in(d, wait, base, username, password="hdnd2026"):
    d.get(base + "/dang-nhap")
    d.find_element(By.ID, "username").send_keys(username)
    d.find_element(By.ID, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".account .who")))


def sign_out(d, wait):
    d.find_element(By.CSS_SELECTOR, ".account button.link").click()
    wait.until(EC.presence_of_element_located((By.ID, "username")))


def figure(d, label):
    """The number of a summary figure, read as a person would: "1.732" -> 1732."""
    for li in d.find_elements(By.CSS_SELECTOR, ".figures li"):
        if label in li.text:
            return int(li.find_element(By.TAG_NAME, "strong").text.replace(".", ""))
    raise AssertionError("no figure " + label)


def record_meeting(d, wait, session, place, attending, speaking):
    """On the new voter meeting form: fills it in and saves; waits for the meeting's fast entry of petitions."""
    d.find_element(By.ID, "f-sessionNumber").send_keys(session)
    d.find_element(By.ID, "f-place").send_keys(place)
    for field, value in (("f-votersAttending", attending), ("f-votersSpeaking", speaking)):
        d.find_element(By.ID, field).clear()
        d.find_element(By.ID, field).send_keys(value)
    d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.ID, "content_1")))


def settled(wait, text):
    """Waits until the record's status reads `text`: after a post the old page's status may still be found, then go stale."""
    def reads(driver):
        # While the browser swaps the page, Chromium may answer "stale element" or "node does not belong to the
        # document" (a plain WebDriverException): both only mean "not yet".
        try:
            return text in driver.find_element(By.CSS_SELECTOR, ".status").text
        except WebDriverException:
            return False
    try:
        wait.until(reads)
    except TimeoutException:
        pass  # the check that follows reports it


def voters_journey(d, wait, base, shots, check):
    """A clerk records a voter meeting with three petitions and forwards one; the agency answers it;
    the summary page changes."""
    sign_in(d, wait, base, "vanphong.hbt")
    d.get(base + "/bao-cao/tong-hop")
    forwarded, answered = figure(d, "đã chuyển đến cơ quan"), figure(d, "đã được trả lời")
    meetings = figure(d, "cuộc tiếp xúc cử tri")
    d.save_screenshot(os.path.join(shots, "06-tong-hop-truoc.png"))

    d.get(base + "/")
    d.find_element(By.LINK_TEXT, "HĐND phường Hai Bà Trưng").click()
    d.find_element(By.LINK_TEXT, "Tiếp xúc cử tri").click()
    d.find_element(By.LINK_TEXT, "Thêm cuộc tiếp xúc cử tri").click()
    record_meeting(d, wait, "12", "Nhà văn hóa tổ dân phố 5", "86", "9")
    # Keyboard only: type, Tab to the field list, Tab to the voter count, Tab to the next line.
    d.find_element(By.ID, "content_1").send_keys("Ngõ 8 phố Lò Đúc ngập nước khi mưa", Keys.TAB, "Giao", Keys.TAB, "3", Keys.TAB,
                                                 "Đề nghị lắp thêm đèn chiếu sáng ngõ 15", Keys.TAB, Keys.TAB, "2", Keys.TAB,
                                                 "Thu gom rác thải còn muộn", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.LINK_TEXT, "Ngõ 8 phố Lò Đúc ngập nước khi mưa")))
    rows = d.find_elements(By.CSS_SELECTOR, "#kien-nghi ~ table tbody tr, section[aria-labelledby=kien-nghi] tbody tr")
    check("three petitions saved together", len(rows) == 3)
    d.save_screenshot(os.path.join(shots, "07-kien-nghi-nhap-nhanh.png"))

    d.find_element(By.LINK_TEXT, "Ngõ 8 phố Lò Đúc ngập nước khi mưa").click()
    Select(d.find_element(By.ID, "chuyen-agencyID")).select_by_visible_text("UBND phường Hai Bà Trưng")
    d.find_element(By.CSS_SELECTOR, "#a-chuyen ~ form button[type=submit]").click()
    # The page before the post has a status too: wait for the new one's text (the check reads it only once it is there).
    settled(wait, "Đã chuyển cơ quan")
    check("forwarded", "Đã chuyển cơ quan" in d.find_element(By.CSS_SELECTOR, ".status").text)
    petition_url = d.current_url
    d.get(base + "/bao-cao/tong-hop")
    check("summary counts the forwarded petition", figure(d, "đã chuyển đến cơ quan") == forwarded + 1)
    check("summary counts the meeting", figure(d, "cuộc tiếp xúc cử tri") == meetings + 1)
    sign_out(d, wait)

    sign_in(d, wait, base, "coquan.hbt")
    d.find_element(By.LINK_TEXT, "Kiến nghị được chuyển đến").click()
    d.find_element(By.LINK_TEXT, "Ngõ 8 phố Lò Đúc ngập nước khi mưa").click()
    d.find_element(By.ID, "tra-loi-answer").send_keys("Đã nạo vét cống thoát nước, lắp thêm hố ga trong tháng.")
    d.find_element(By.CSS_SELECTOR, "#a-tra-loi ~ form button[type=submit]").click()
    settled(wait, "Đã trả lời")
    check("the agency answered", "Đã trả lời" in d.find_element(By.CSS_SELECTOR, ".status").text)
    d.save_screenshot(os.path.join(shots, "08-co-quan-tra-loi.png"))
    sign_out(d, wait)

    sign_in(d, wait, base, "vanphong.hbt")
    d.get(base + "/bao-cao/tong-hop")
    check("summary counts the answer", figure(d, "đã được trả lời") == answered + 1)
    d.save_screenshot(os.path.join(shots, "09-tong-hop-sau.png"))
    d.get(petition_url)
    check("timeline shows every step", len(d.find_elements(By.CSS_SELECTOR, ".timeline li")) == 3)
    sign_out(d, wait)


def letters_from_excel(d, wait, base, shots, check):
    """A clerk imports two historical letters from an Excel workbook through the import page, then downloads the
    register as .xlsx, read back with openpyxl: the imported letters are there, the denouncer is not."""
    import datetime, io
    from openpyxl import Workbook, load_workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["Ngày nhận", "Loại đơn", "Người gửi", "Địa chỉ người gửi", "Nội dung", "Nguồn đơn", "Ngày thụ lý", "Kết quả"])
    ws.append([datetime.date(2025, 3, 12), "Khiếu nại", "Nguyễn Văn Lịchsử", "Phố Huế", "Khiếu nại cũ về bồi thường ngõ 7", "Qua bưu điện", None, "Đã giải quyết"])
    ws.append([datetime.date(2025, 4, 2), "Tố cáo", "Trần Thị Bímật", None, "Tố cáo cũ về xây dựng trái phép", "Nộp trực tiếp", None, None])
    path = os.path.join(tempfile.mkdtemp(prefix="hdnd-xlsx-"), "don-thu-cu.xlsx")
    wb.save(path)

    sign_in(d, wait, base, "vanphong.hbt")
    d.find_element(By.LINK_TEXT, "HĐND phường Hai Bà Trưng").click()
    d.find_element(By.LINK_TEXT, "Sổ đơn thư").click()
    d.find_element(By.LINK_TEXT, "Nhập từ tệp").click()
    d.find_element(By.ID, "file").send_keys(path)
    d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
    try:
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".flash")))
    except Exception:
        print(d.current_url, d.find_element(By.TAG_NAME, "body").text[:1500])
        raise
    check("letters imported from Excel", "Đã nhập 02 trên 02 dòng." in d.find_element(By.CSS_SELECTOR, ".flash").text)
    d.save_screenshot(os.path.join(shots, "10-nhap-don-thu.png"))

    d.find_element(By.LINK_TEXT, "Sổ đơn thư").click()
    link = d.find_element(By.LINK_TEXT, "Excel (.xlsx)").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in d.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookie})) as r:
        book = load_workbook(io.BytesIO(r.read()))
    cells = [[c for c in row] for row in book.active.iter_rows(values_only=True)]
    check("register downloaded as Excel", cells[0][0] == "Số" and any(row[4] == "Khiếu nại cũ về bồi thường ngõ 7" for row in cells))
    check("the workbook never names a denouncer", not any("Bímật" in str(v) for row in cells for v in row))
    sign_out(d, wait)


def check_calendar_feed(base, check):
    """Hoàn Kiếm's reception calendar, read back by a real iCalendar reader."""
    import icalendar, json, urllib.parse
    query = urllib.parse.quote("HĐND quận Hoàn Kiếm")
    with urllib.request.urlopen(f"{base}/api/v1/search?q={query}&type=council") as r:
        hits = json.load(r)["items"]
    council = next(h["recordId"] for h in hits if h["recordType"] == "council" and h["title"] == "HĐND quận Hoàn Kiếm")
    with urllib.request.urlopen(f"{base}/hoi-dong/{council}/lich-tiep-cong-dan.ics") as r:
        check("feed served as text/calendar", r.headers.get("Content-Type", "").startswith("text/calendar"))
        cal = icalendar.Calendar.from_ical(r.read())
    events = list(cal.walk("VEVENT"))
    check("iCalendar feed parses and holds a year of reception days", len(events) >= 24)
    start = events[0].decoded("DTSTART")
    check("events in Hà Nội time", start.utcoffset().total_seconds() == 7 * 3600)
    check("Vietnamese summary", "Tiếp công dân định kỳ" in str(events[0].get("SUMMARY")))


def confidentiality_journey(d, wait, base, shots, check):
    """A clerk records a denunciation at a reception (the form says "not confidential"): the visitor is kept secret
    from the standing committee and the administrator; the clerk grants a colleague the right on the visit's page.
    Then the administrator changes the published demo password, and the sign-in page stops listing it."""
    sign_in(d, wait, base, "vanphong.hbt")
    d.get(base + "/luot-tiep-cong-dan/moi?council=" + council_id(d, base))
    d.find_element(By.ID, "f-visitorName").send_keys("Người Tố Cáo Bí Mật")
    Select(d.find_element(By.ID, "f-kind")).select_by_visible_text("Tố cáo")
    d.find_element(By.ID, "f-topic").send_keys("Tố cáo cán bộ địa chính nhận tiền")
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]"))
    body = d.find_element(By.TAG_NAME, "body").text
    check("the month list never names the denouncer", "Người Tố Cáo Bí Mật" not in body and "Giữ bí mật" in body)
    row = [r for r in d.find_elements(By.CSS_SELECTOR, "tbody tr") if "Tố cáo cán bộ địa chính nhận tiền" in r.text][-1]
    row.find_element(By.TAG_NAME, "a").click()
    edit_url = d.current_url
    check("the clerk who recorded it sees the name",
          d.find_element(By.ID, "f-visitorName").get_attribute("value") == "Người Tố Cáo Bí Mật")
    d.find_element(By.ID, "grant-username").send_keys("thuongtruc.hbt")
    d.save_screenshot(os.path.join(shots, "11-luot-tiep-bi-mat.png"))
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "form.inline-form button[type=submit]"))
    sign_out(d, wait)

    sign_in(d, wait, base, "admin")
    d.get(edit_url)
    check("not even the administrator sees it unless granted", "Người Tố Cáo Bí Mật" not in d.page_source)
    d.get(base + "/tai-khoan-cua-toi/mat-khau")
    d.find_element(By.ID, "f-current").send_keys("hdnd2026")
    d.find_element(By.ID, "f-password").send_keys("mat-khau-rieng-2026")
    d.find_element(By.ID, "f-confirm").send_keys("mat-khau-rieng-2026")
    d.save_screenshot(os.path.join(shots, "12-doi-mat-khau.png"))
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]"))
    sign_out(d, wait)
    rows = [r.text for r in d.find_elements(By.CSS_SELECTOR, "section.demo tbody tr")]
    check("the sign-in page no longer lists the changed account", rows and not any(r.startswith("admin ") for r in rows))


def daily_journey(d, wait, base, shots, check):
    """A clerk's day at 1366 px: the home page says what is due; three petitions of a meeting are forwarded at once;
    the list prints without navigation. Then the same pages at 390 px: nothing wider than the screen."""
    d.set_window_size(1366, 900)
    sign_in(d, wait, base, "vanphong.hbt")
    check("the home page lists what is due", "Việc cần làm" in d.find_element(By.TAG_NAME, "main").text
          and len(d.find_elements(By.CSS_SELECTOR, ".due-counts li a")) >= 6)
    d.save_screenshot(os.path.join(shots, "13-viec-can-lam.png"))
    council = council_id(d, base)
    d.get(base + "/tiep-xuc-cu-tri/moi?council=" + council)
    record_meeting(d, wait, "13", "Nhà văn hóa tổ dân phố 9", "1.200", "12")
    texts = ["Lát lại vỉa hè phố Bạch Mai", "Bổ sung cây xanh ngõ Quỳnh", "Sửa cống thoát nước chợ Mơ"]
    keys = []
    for t in texts:
        keys += [t, Keys.TAB, "Giao", Keys.TAB, "1", Keys.TAB]
    d.find_element(By.ID, "content_1").send_keys(*keys[:-1], Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.LINK_TEXT, texts[0])))
    # The letter form shows only what concerns the kind chosen.
    d.get(base + "/don-thu/moi?council=" + council)
    Select(d.find_element(By.ID, "f-kind")).select_by_visible_text("Kiến nghị")
    check("a petition letter hides the complaint's fields", not d.find_element(By.ID, "f-complex").is_displayed()
          and not d.find_element(By.ID, "f-round").is_displayed())
    Select(d.find_element(By.ID, "f-kind")).select_by_visible_text("Tố cáo")
    check("a denunciation shows its own fields, not the complaint's", d.find_element(By.ID, "f-delegatedVerification").is_displayed()
          and not d.find_element(By.ID, "f-round").is_displayed() and d.find_element(By.ID, "f-suspendedOn").is_displayed())
    d.get(base + f"/hoi-dong/{council}/kien-nghi?trang-thai=classified")
    chosen = 0
    for row in d.find_elements(By.CSS_SELECTOR, "#chuyen-nhieu tbody tr"):
        if any(t in row.text for t in texts):
            row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
            chosen += 1
    check("three petitions chosen", chosen == 3)
    Select(d.find_element(By.ID, "bulk-agency")).select_by_visible_text("UBND phường Hai Bà Trưng")
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "fieldset.bulk button[type=submit]"))
    check("three petitions forwarded at once", "Đã chuyển 03 kiến nghị" in d.find_element(By.CSS_SELECTOR, ".flash-success").text)
    d.get(base + f"/hoi-dong/{council}/kien-nghi?trang-thai=forwarded")
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    check("the printed list has no navigation and says when it was printed",
          not d.find_element(By.CSS_SELECTOR, "header.top").is_displayed() and d.find_element(By.CSS_SELECTOR, ".print-stamp").is_displayed()
          and d.find_element(By.CSS_SELECTOR, "table.list").is_displayed())
    d.save_screenshot(os.path.join(shots, "14-in-danh-sach.png"))
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    d.set_window_size(390, 844)
    for path, name in (("/", "15-dien-thoai-trang-chu.png"), (f"/hoi-dong/{council}/kien-nghi", "16-dien-thoai-kien-nghi.png")):
        d.get(base + path)
        wide = d.execute_script("return document.documentElement.scrollWidth")
        check(f"{path} fits 390 px (page width {wide})", wide <= 392)
        d.save_screenshot(os.path.join(shots, name))
    d.set_window_size(1280, 1000)
    sign_out(d, wait)


def council_journey(d, wait, base, shots, check):
    """The office plans a thematic session for today, ticks a preparation step, records attendance, adopts a resolution
    and finds it in the library and the session in the calendar."""
    import datetime
    today = (datetime.datetime.utcnow() + datetime.timedelta(hours=7)).date()
    typed = today.strftime("%d/%m/%Y")
    sign_in(d, wait, base, "vanphong.hbt")
    council = council_id(d, base)
    d.get(base + "/ky-hop/moi?council=" + council)
    Select(d.find_element(By.ID, "f-kind")).select_by_visible_text("Chuyên đề")
    for field in ("f-opensOn", "f-closesOn", "f-openedOn"):
        d.find_element(By.ID, field).clear()
        d.find_element(By.ID, field).send_keys(typed)
    d.find_element(By.ID, "f-place").send_keys("Hội trường UBND phường")
    d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.ID, "chuan-bi")))
    title = d.find_element(By.CSS_SELECTOR, "h1").text
    check("the session is planned, with its checklist", title.startswith("Kỳ họp thứ") and "Chuẩn bị kỳ họp" in d.page_source)
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "#chuan-bi ~ table form button[type=submit]"))
    check("a preparation step ticked off", "Đã ghi hoàn thành" in d.find_element(By.CSS_SELECTOR, ".flash-success").text)
    selects = d.find_elements(By.CSS_SELECTOR, "select[name^=status_]")
    for i, sel in enumerate(selects):
        Select(sel).select_by_visible_text("Vắng có lý do" if i == len(selects) - 1 else "Có mặt")
    submit(d, wait, d.find_element(By.XPATH, "//button[normalize-space()='Ghi điểm danh']"))
    present = len(selects) - 1
    check("attendance recorded", f"Có mặt {present:02d}/{len(selects):02d} đại biểu" in d.find_element(By.TAG_NAME, "main").text)
    d.save_screenshot(os.path.join(shots, "17-ky-hop.png"))
    d.find_element(By.LINK_TEXT, "Ghi nghị quyết, kết quả biểu quyết").click()
    d.find_element(By.ID, "f-title").send_keys("Về chỉnh trang vỉa hè phố Lò Đúc")
    Select(d.find_element(By.ID, "f-field")).select_by_visible_text("Quy hoạch, đô thị, đất đai")
    d.find_element(By.ID, "f-votesFor").clear()
    d.find_element(By.ID, "f-votesFor").send_keys(str(present))
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]"))
    heading = d.find_element(By.CSS_SELECTOR, "h1").text
    check("the resolution adopted and numbered", heading.startswith("Nghị quyết số") and heading.endswith("/NQ-HĐND"))
    d.save_screenshot(os.path.join(shots, "18-nghi-quyet.png"))
    d.get(base + f"/hoi-dong/{council}/nghi-quyet?tu-khoa=lo+duc")
    check("found in the library without diacritics", "Về chỉnh trang vỉa hè phố Lò Đúc" in d.find_element(By.TAG_NAME, "main").text)
    d.get(base + f"/hoi-dong/{council}/lich?xem=ngay&ngay={today.isoformat()}")
    check("the session in today's calendar", title in d.find_element(By.TAG_NAME, "main").text)
    d.save_screenshot(os.path.join(shots, "19-lich.png"))
    sign_out(d, wait)

    # A delegate asks the ward's People's Committee in writing; the agency answers from its own account.
    sign_in(d, wait, base, "daibieu.hbt")
    d.get(base + f"/hoi-dong/{council}/chat-van")
    d.find_element(By.LINK_TEXT, "Gửi chất vấn").click()
    d.find_element(By.ID, "f-respondent").send_keys("Chủ tịch UBND phường")
    Select(d.find_element(By.ID, "f-organizationID")).select_by_visible_text("UBND phường Hai Bà Trưng")
    d.find_element(By.ID, "f-content").send_keys("Khi nào lắp đèn chiếu sáng ngõ Tạm Thương?")
    submit(d, wait, d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]"))
    check("the delegate's question recorded with its due date", "Hạn trả lời bằng văn bản" in d.find_element(By.TAG_NAME, "main").text)
    sign_out(d, wait)
    sign_in(d, wait, base, "coquan.hbt")
    d.get(base + "/co-quan/chat-van")
    d.find_element(By.LINK_TEXT, "Khi nào lắp đèn chiếu sáng ngõ Tạm Thương?").click()
    d.find_element(By.ID, "f-answer").send_keys("Sẽ lắp trong tháng 01/2027.")
    submit(d, wait, d.find_element(By.XPATH, "//button[normalize-space()='Gửi trả lời']"))
    check("the agency answered the question", "Sẽ lắp trong tháng 01/2027." in d.find_element(By.TAG_NAME, "main").text)
    d.save_screenshot(os.path.join(shots, "20-chat-van.png"))
    sign_out(d, wait)


def report_journey(d, wait, base, shots, check):
    """The district's first-quarter report: the figures, a drill-down to one commune and to its records, the report
    issued with a number, its Word file read back. The administrator writes for the district (its password was changed
    in the confidentiality journey)."""
    sign_in(d, wait, base, "admin", "mat-khau-rieng-2026")
    d.get(base + "/tim-kiem?q=me+linh&loai=council")
    d.find_element(By.PARTIAL_LINK_TEXT, "HĐND huyện Mê Linh").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    d.find_element(By.LINK_TEXT, "Báo cáo kết quả hoạt động").click()
    wait.until(EC.presence_of_element_located((By.ID, "nam")))
    d.find_element(By.ID, "nam").clear()
    d.find_element(By.ID, "nam").send_keys("2022")
    Select(d.find_element(By.ID, "quy")).select_by_visible_text("Quý I")
    d.find_element(By.CSS_SELECTOR, "form.inline-form button[type=submit]").click()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "quý I/2022"))
    main = d.find_element(By.TAG_NAME, "main").text
    check("the district's quarter from the records", "HĐND cấp xã đã tiến hành 24 cuộc giám sát; 48 cuộc tiếp xúc cử tri; 445 buổi tiếp công dân" in main)
    check("the chart of the communes has a title", d.find_elements(By.CSS_SELECTOR, "svg.chart title"))
    d.save_screenshot(os.path.join(shots, "21-bao-cao-quy.png"))
    report_url = d.current_url
    # Drill down: a commune's own report, then the records behind its supervisions.
    d.find_element(By.CSS_SELECTOR, "#cap-duoi ~ table tbody th a").click()
    wait.until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "quý I/2022"))
    check("a commune's own report", "HĐND xã" in d.find_element(By.TAG_NAME, "h1").text or "HĐND thị trấn" in d.find_element(By.TAG_NAME, "h1").text)
    row = [r for r in d.find_elements(By.CSS_SELECTOR, "table.report tbody tr") if r.text.startswith("Cuộc giám sát")][0]
    count = int(row.find_element(By.CSS_SELECTOR, "td a").text)
    row.find_element(By.CSS_SELECTOR, "td a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
    check("the records behind the figure", "Giám sát" in d.find_element(By.TAG_NAME, "h1").text and count > 0
          and len(d.find_elements(By.CSS_SELECTOR, "table.list tbody tr")) >= count)
    d.save_screenshot(os.path.join(shots, "22-ban-ghi-cua-xa.png"))
    # Issue the district's report with a number.
    d.get(report_url)
    d.find_element(By.LINK_TEXT, "Soạn báo cáo để ban hành").click()
    wait.until(EC.presence_of_element_located((By.ID, "f-narrative")))
    check("the draft holds the figures", "445 buổi tiếp công dân" in d.find_element(By.ID, "f-narrative").get_attribute("value"))
    d.find_element(By.ID, "f-issuedOn").send_keys("26/04/2022")
    d.find_element(By.ID, "f-signer").send_keys("Trịnh Thị Hồng Ngân")
    d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "dl.facts")))
    check("issued with a number", "Số 01/BC-HĐND, ngày 26/04/2022" in d.find_element(By.TAG_NAME, "main").text)
    d.save_screenshot(os.path.join(shots, "23-bao-cao-ban-hanh.png"))
    href = d.find_element(By.PARTIAL_LINK_TEXT, "Tải văn bản Word").get_attribute("href")
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in d.get_cookies())
    data = urllib.request.urlopen(urllib.request.Request(href, headers={"Cookie": cookie})).read()
    check("the Word file downloads", data[:2] == b"PK")
    try:
        import io, docx  # python-docx, when installed
        text = "\n".join(c.text for t in docx.Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells)
        check("the Word file carries the number and the date line", "Số: 01/BC-HĐND" in text and "ngày 26 tháng 4 năm 2022" in text)
    except ImportError:
        pass
    sign_out(d, wait)


def council_id(d, base):
    d.get(base + "/tim-kiem?q=hai+ba+trung&loai=council")
    href = d.find_element(By.PARTIAL_LINK_TEXT, "HĐND phường Hai Bà Trưng").get_attribute("href")
    return href.rstrip("/").split("/")[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/debug/hdnd")
    ap.add_argument("--screenshots", default="screenshots")
    args = ap.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)
    data = tempfile.mkdtemp(prefix="hdnd-smoke-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, HDND_DATA_DIR=data)
    env.pop("DATABASE_URL", None)
    log = open(os.path.join(data, "server.log"), "w")
    proc = subprocess.Popen([args.binary, "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    passed, failed = 0, 0
    try:
        wait_until_up(base + "/dang-nhap", proc)
        d = browser()
        wait = WebDriverWait(d, 20)
        try:
            def check(name, condition):
                nonlocal passed, failed
                if condition:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAILED: {name}")

            d.get(base + "/dang-nhap")
            d.save_screenshot(os.path.join(args.screenshots, "01-dang-nhap.png"))
            check("login page in Vietnamese", "Đăng nhập" in d.title)
            d.find_element(By.ID, "username").send_keys("vanphong.hbt")
            d.find_element(By.ID, "password").send_keys("hdnd2026")
            d.find_element(By.CSS_SELECTOR, "form.record-form button[type=submit]").click()
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".account .who")))
            check("signed in as the office clerk", "Nguyễn Thị Lan" in d.find_element(By.CSS_SELECTOR, ".account .who").text)
            d.save_screenshot(os.path.join(args.screenshots, "02-trang-chu.png"))

            d.find_element(By.LINK_TEXT, "HĐND phường Hai Bà Trưng").click()
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
            check("council page", d.find_element(By.CSS_SELECTOR, "h1").text == "HĐND phường Hai Bà Trưng")
            body = d.find_element(By.TAG_NAME, "body").text
            check("standing committee listed", "Lê Minh Đức" in body and "Chủ tịch HĐND phường" in body)
            check("office may edit its council", "Thêm nhiệm kỳ" in body)
            d.save_screenshot(os.path.join(args.screenshots, "03-hoi-dong.png"))

            d.get(base + "/don-vi?ngay=30/06/2025")
            check("unit tree as of a day", "Thành phố Hà Nội" in d.find_element(By.TAG_NAME, "body").text)
            d.save_screenshot(os.path.join(args.screenshots, "04-don-vi.png"))

            d.find_element(By.CSS_SELECTOR, ".account button.link").click()
            wait.until(EC.presence_of_element_located((By.ID, "username")))
            check("signed out", "/dang-nhap" in d.current_url and not d.find_elements(By.CSS_SELECTOR, ".account .who"))
            d.save_screenshot(os.path.join(args.screenshots, "05-dang-xuat.png"))

            voters_journey(d, wait, base, args.screenshots, check)
            letters_from_excel(d, wait, base, args.screenshots, check)
            check_calendar_feed(base, check)
            confidentiality_journey(d, wait, base, args.screenshots, check)
            daily_journey(d, wait, base, args.screenshots, check)
            council_journey(d, wait, base, args.screenshots, check)
            report_journey(d, wait, base, args.screenshots, check)
        finally:
            d.quit()
    finally:
        stop(proc)
        log.close()
        if failed:
            print(open(os.path.join(data, "server.log")).read()[-4000:])
        shutil.rmtree(data, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Browser smoke test in real Chromium: start `hdnd serve` on a free loopback port with a fresh
data folder, sign in as the demo office account, open the council page, save screenshots, sign out.

    python Tests/browser/smoke.py --binary .build/debug/hdnd [--screenshots screenshots]
"""
import argparse, os, shutil, socket, subprocess, sys, tempfile, time, urllib.request

os.environ.setdefault("SE_AVOID_STATS", "true")  # selenium-manager must not phone home
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, proc, seconds=300):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(1)
    raise SystemExit("server did not answer in time")


def browser():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=vi"):
        options.add_argument(arg)
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            options.binary_location = path
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


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
    proc = subprocess.Popen([args.binary, "serve", "--hostname", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
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

            d.find_element(By.LINK_TEXT, "HĐND quận Hai Bà Trưng").click()
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "h1")))
            check("council page", d.find_element(By.CSS_SELECTOR, "h1").text == "HĐND quận Hai Bà Trưng")
            body = d.find_element(By.TAG_NAME, "body").text
            check("standing committee listed", "Trần Quyết Thắng" in body and "Chủ tịch HĐND quận" in body)
            check("office may edit its council", "Thêm nhiệm kỳ" in body)
            d.save_screenshot(os.path.join(args.screenshots, "03-hoi-dong.png"))

            d.get(base + "/don-vi?ngay=30/06/2025")
            check("unit tree as of a day", "Thành phố Hà Nội" in d.find_element(By.TAG_NAME, "body").text)
            d.save_screenshot(os.path.join(args.screenshots, "04-don-vi.png"))

            d.find_element(By.CSS_SELECTOR, ".account button.link").click()
            wait.until(EC.presence_of_element_located((By.ID, "username")))
            check("signed out", "/dang-nhap" in d.current_url and not d.find_elements(By.CSS_SELECTOR, ".account .who"))
            d.save_screenshot(os.path.join(args.screenshots, "05-dang-xuat.png"))
        finally:
            d.quit()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if failed:
            print(open(os.path.join(data, "server.log")).read()[-4000:])
        shutil.rmtree(data, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

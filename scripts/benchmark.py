#!/usr/bin/env python3
"""Benchmark (not a test): server time of the busiest pages on a large data set.

    swift build -c release --scratch-path .build-release --product hdnd
    python3 scripts/benchmark.py --binary .build-release/release/hdnd --scale 1 [--database postgres://…]

Generates the data set once per data folder (`hdnd demo --scale N`, reporting its rows per second), starts
`hdnd serve` on a loopback port, signs in as the demo administrator, requests each page 30 times after a
warm-up and appends the median and 95th percentile to docs/BENCHMARKS.md with the date and the machine.
Requests go to 127.0.0.1 only.
"""
import argparse, http.cookiejar, os, platform, re, socket, statistics, subprocess, sys, time, urllib.parse, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def machine():
    cpu = "?"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except Exception:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} lõi ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}"


def data_set(binary, scale, data, database):
    """The environment that serves the `hdnd demo --scale N` data set in `data` (generated once per folder), the
    database's name and what the generation printed."""
    env = dict(os.environ, HDND_DATA_DIR=data, LOG_LEVEL="warning")
    if database:
        env["DATABASE_URL"] = database
    else:
        env.pop("DATABASE_URL", None)
    backend = "PostgreSQL" if database else "SQLite"
    marker = os.path.join(data, f"generated-{backend}-{scale}.txt")
    os.makedirs(data, exist_ok=True)
    if not os.path.exists(marker):
        out = subprocess.run([binary, "demo", "--scale", scale], env=env, capture_output=True, text=True)
        print(out.stdout[-2000:], out.stderr[-2000:])
        if out.returncode != 0:
            sys.exit("generation failed")
        open(marker, "w").write(out.stdout)
    return env, backend, open(marker).read()


def wait_until_up(base):
    """Waits up to two minutes for the server at `base` to answer."""
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/suc-khoe", timeout=2).read()
            return
        except Exception:
            time.sleep(1)
    sys.exit("the server did not start")


def sign_in(base, username, password):
    """A signed-in opener and the Cookie header line of its session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/dang-nhap", timeout=10).read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    opener.open(base + "/dang-nhap", data=urllib.parse.urlencode({"username": username, "password": password, "_csrf": token}).encode())
    cookie = "Cookie: " + "; ".join(f"{c.name}={c.value}" for c in jar)
    return opener, cookie


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build-release/release/hdnd")
    ap.add_argument("--scale", default="1")
    ap.add_argument("--database", default="", help="postgres://… to measure PostgreSQL; SQLite otherwise")
    ap.add_argument("--data", default="/tmp/hdnd-bench")
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    env, backend, generated = data_set(args.binary, args.scale, args.data, args.database)
    speed = re.findall(r"Xong: (.*)", generated)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(base)
        opener, _ = sign_in(base, "admin", "hdnd2026")
        # A commune council of today's Hà Nội with generated records.
        query = urllib.parse.quote("HĐND phường Hoàn Kiếm")
        import json
        hits = json.load(opener.open(f"{base}/api/v1/search?q={query}&type=council"))["items"]
        council = next(h["recordId"] for h in hits if h["recordType"] == "council")
        unit = json.load(opener.open(f"{base}/api/v1/councils/{council}"))["unitID"]
        hanoi = json.load(opener.open(f"{base}/api/v1/units/01"))["id"]
        pages = [
            ("Danh sách kiến nghị (50 dòng, lọc theo Hội đồng và trạng thái)", f"/hoi-dong/{council}/kien-nghi?trang-thai=forwarded"),
            ("Ô tìm kiếm (không dấu)", "/tim-kiem?q=" + urllib.parse.quote("nao vet cong ngo")),
            ("Danh sách quá hạn", f"/hoi-dong/{council}/kien-nghi?qua-han=1"),
            ("Trang tổng hợp (một phường, một năm)", f"/bao-cao/tong-hop?don-vi={unit}&nam=2024"),
            ("Trang tổng hợp (cả thành phố, một năm)", f"/bao-cao/tong-hop?don-vi={hanoi}&nam=2024"),
        ]
        rows = []
        for label, path in pages:
            for _ in range(3):
                opener.open(base + path).read()
            times = []
            for _ in range(args.runs):
                t = time.perf_counter()
                r = opener.open(base + path)
                r.read()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            rows.append((label, statistics.median(times), times[int(len(times) * 0.95) - 1]))
            print(f"{label}: median {rows[-1][1]:.1f} ms, p95 {rows[-1][2]:.1f} ms")
    finally:
        server.terminate()
        server.wait(timeout=20)
    with open("docs/BENCHMARKS.md", "a") as f:
        f.write(f"\n## {time.strftime('%d/%m/%Y')} — {backend}, `hdnd demo --scale {args.scale}`\n\n")
        f.write(f"Máy: {machine()}. Bản build: `{args.binary}`.\n\n")
        if speed:
            f.write(f"Sinh dữ liệu: {speed[-1]}.\n\n")
        f.write("| trang | trung vị (ms) | p95 (ms) |\n|---|---:|---:|\n")
        for label, median, p95 in rows:
            f.write(f"| {label} | {median:.1f} | {p95:.1f} |\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Schemathesis against the OpenAPI document of a running demo server.

Starts `hdnd serve --demo` on a free loopback port with a fresh data folder, signs in as the demo office account,
creates an API token through the account page, and runs schemathesis with that token over every operation, a
bounded number of examples each. Fails on any 5xx or any answer the document does not describe.

    python Tests/api/fuzz.py --binary .build/debug/hdnd [--examples 25] [--checks all]
"""
import argparse, os, re, subprocess, sys, tempfile, urllib.parse, urllib.request
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from hdnd_server import free_port, stop, wait_until_up  # noqa: E402
from http.cookiejar import CookieJar


def token(base, username, password="hdnd2026"):
    """Signs in through the form and creates a token on the account page, as a person would."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(base + "/dang-nhap").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"_csrf": csrf, "username": username, "password": password, "next": "/tai-khoan-cua-toi"}).encode()
    page = opener.open(base + "/dang-nhap", data).read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"_csrf": csrf, "name": "schemathesis"}).encode()
    page = opener.open(base + "/tai-khoan-cua-toi/ma-api", data).read().decode()
    return re.search(r'<code class="token">([^<]+)</code>', page).group(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--examples", type=int, default=25)
    # CI: a server error or an answer outside the document fails. `--checks all` adds the strict checks too.
    parser.add_argument("--checks", default="not_a_server_error,status_code_conformance,content_type_conformance,"
                                            "response_schema_conformance,unsupported_method")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="hdnd-fuzz-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(data, "server.log"), "w")
    env = dict(os.environ, HDND_DATA_DIR=data, LOG_LEVEL="warning")
    proc = subprocess.Popen([args.binary, "serve", "--demo", "--hostname", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base + "/", proc)
        bearer = token(base, "vanphong.hbt")
        schemathesis = os.path.join(os.path.dirname(sys.executable), "schemathesis")
        command = [schemathesis, "run", base + "/api/openapi.json", "--url", base,
                   "-H", f"Authorization: Bearer {bearer}", "--checks", args.checks,
                   "--max-examples", str(args.examples), "--generation-deterministic",
                   "--request-timeout", "30", "--no-color"]
        result = subprocess.run(command)
        if proc.poll() is not None:
            print("the server stopped during the run", file=sys.stderr)
            return 1
        return result.returncode
    finally:
        stop(proc)
        if proc.returncode not in (0, -15, None):
            print(open(os.path.join(data, "server.log")).read()[-4000:])


if __name__ == "__main__":
    sys.exit(main())

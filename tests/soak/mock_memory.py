#!/usr/bin/env python3
"""Soak of jing-mock's memory: N valid calls (Account Creation, keep-alive, a few threads)
against a mock started here on 127.0.0.1, printing the mock's resident memory before, during
and after. Not a test: it prints figures for the README, it asserts nothing.

    cargo build --release -p jing-mock --bin jing-mock
    python3 tests/soak/mock_memory.py [CALLS] [--record-limit N]

Bounded: the calls are counted, and the mock is stopped at the end.
"""
import http.client
import json
import os
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
PORT = 18731
THREADS = 4


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def main():
    args = sys.argv[1:]
    calls = int(args[0]) if args and args[0].isdigit() else 100_000
    extra = []
    if "--record-limit" in args:
        extra = ["--record-limit", args[args.index("--record-limit") + 1]]
    binary = os.path.join(TARGET, "release", "jing-mock")
    mock = subprocess.Popen(
        [binary, "--port", str(PORT), "--no-rate-limits", *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        mock.stdout.readline()
        credentials = mock.stdout.readline().split(" · ")
        app_id = credentials[0].split()[-1]
        token = credentials[3].split()[-1]
        headers = {
            "app_id": app_id,
            "access_token": token,
            "content-type": "application/json",
        }
        body = json.dumps({"name": "Acme Ltd", "business_type": "bt-1", "mobile": "13800000000"})
        print(f"jing-mock {' '.join(extra) or '(default record limit)'}: {calls} calls, {THREADS} threads")
        print(f"  before: {rss_kb(mock.pid) / 1024:.1f} MiB")
        failures = [0]
        per_thread = calls // THREADS

        def run():
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            for _ in range(per_thread):
                connection.request("POST", "/v1/customer/create", body, headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures[0] += 1
            connection.close()

        started = time.time()
        threads = [threading.Thread(target=run) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.time() - started
        print(f"  after:  {rss_kb(mock.pid) / 1024:.1f} MiB "
              f"({per_thread * THREADS} calls in {elapsed:.1f} s, {failures[0]} failed)")
    finally:
        mock.terminate()
        mock.wait()


if __name__ == "__main__":
    main()

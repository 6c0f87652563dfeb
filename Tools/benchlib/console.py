"""The console section (issue 19: the recordings search "fast on 1,000,000 recordings"): the same
console pages, over the same HTTP stack, against a vault of 1,000,000 recordings and against a
vault of 1,000 (the reference, measured in the same run). Each page's median time over --console-
requests requests; target: every page on the large vault within 3x its time on the small one (or
the small one's first page, when that filter matches fewer rows than a page there, so both render
as many rows), i.e. the search does not grow with the catalog (indexes, keyset paging), and under
250 ms.

Pages: the first page (newest first), a deep page (keyset, 90 % down), a campaign, an agent, held
recordings, restricted ones, with a transcript, oldest first, and a number search (POST, by pseudonym).
Both vaults are made the same way: one real ingest (`callvault ingest`), then its catalog row cloned
with new ids, times, campaigns (20), agents (200), subjects, states (1 % restricted) and transcripts
(30 %) straight into the SQLite catalog (the rows are what a search reads; no objects are needed),
ten of them under a legal hold, ten of them the real number's.
"""

import http.client
import re
import socket
import sqlite3
import statistics
import subprocess
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .common import log, run_checked, verdict

PHONE = "+86 138 1234 5678"
PASSWORD = "correct horse battery 7"
TARGET_RATIO = 3.0
TARGET_MS = 250.0


def fill(callvault, root, count, wav):
    """A vault at root/vault with `count` recordings; returns (env, the real recording's id)."""
    env = {"CALLVAULT_VAULT": str(root / "vault"), "PATH": "/usr/bin:/bin", "TZ": "UTC"}
    run_checked([callvault, "init", "--key-store", str(root / "keys")], env=env)
    run_checked([callvault, "ingest", "--subject-phone", PHONE, "--campaign", "c0", "--agent", "a0", str(wav)], env=env)
    db = sqlite3.connect(root / "vault" / "catalog.sqlite")
    db.row_factory = sqlite3.Row
    template = dict(db.execute("SELECT * FROM recordings").fetchone())
    real_id, real_subject = template["id"], template["subject_pseudonym"]
    columns = list(template)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def rows():
        for n in range(count - 1):
            row = dict(template)
            row["id"] = str(uuid.UUID(int=n + 1 << 64 | 0x4000_8000_0000_0000))
            row["started_at"] = (start + timedelta(seconds=n * 7)).strftime("%Y-%m-%d %H:%M:%S.000")
            row["object_path"] = f"zz/{row['id']}.cvseal"
            row["campaign"] = f"c{n % 20}"
            row["agent"] = f"a{n % 200}"
            row["subject_pseudonym"] = real_subject if n % (count // 10) == 0 else f"p{n % 100_000:06d}"
            row["state"] = "restricted" if n % 100 == 7 else "stored"
            row["transcript_path"] = f"zz/{row['id']}.transcript.cvseal" if n % 10 < 3 else None
            yield tuple(row[c] for c in columns)

    with db:
        db.executemany(f"INSERT INTO recordings ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows())
    db.close()
    ids = [str(uuid.UUID(int=n + 1 << 64 | 0x4000_8000_0000_0000)) for n in range(0, count - 1, max(1, count // 10))]
    for rid in ids:
        run_checked([callvault, "hold", "place", "--recording", rid, "--reason", "bench case"], env=env)
    run_checked([callvault, "users", "add", "bench", "--role", "auditor", "--password-stdin"], env=env, input=PASSWORD + "\n")
    return env


class Console:
    """A signed-in console session against `callvault serve` (password, then TOTP enrolment)."""

    def __init__(self, callvault, env, root):
        import pyotp
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = subprocess.Popen([callvault, "serve", "--port", str(self.port)], env=env,
                                       stdout=subprocess.DEVNULL, stderr=open(root / "serve.log", "w"))
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                if time.time() > deadline or self.server.poll() is not None:
                    raise RuntimeError("callvault serve did not start")
                time.sleep(0.1)
        self.conn = http.client.HTTPConnection("localhost", self.port, timeout=60)
        self.cookie = None
        page = self.request("GET", "/ui/sign-in")
        page = self.request("POST", "/ui/sign-in", {"name": "bench", "password": PASSWORD, "csrf": self.csrf(page)})
        enrol = self.request("GET", "/ui/sign-in/enrol")
        secret = re.search(r'id="totp-secret">([^<]+)<', enrol).group(1).replace(" ", "")
        self.request("POST", "/ui/sign-in/enrol", {"code": pyotp.TOTP(secret).now(), "csrf": self.csrf(enrol)})
        self.form_csrf = self.csrf(self.request("GET", "/ui/recordings"))

    @staticmethod
    def csrf(html):
        return re.search(r'name="csrf" value="([^"]+)"', html).group(1)

    def request(self, method, path, form=None):
        body = urllib.parse.urlencode(form) if form is not None else None
        headers = {"Cookie": f"callvault_session={self.cookie}"} if self.cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        html = response.read().decode()
        for value in response.headers.get_all("Set-Cookie") or []:
            m = re.match(r"callvault_session=([^;]+)", value)
            if m:
                self.cookie = m.group(1)
        if response.status not in (200, 303):
            raise RuntimeError(f"{method} {path}: {response.status} {html[:200]}")
        return html

    def timed(self, method, path, form=None, requests=20):
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            html = self.request(method, path, form)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times), html

    def close(self):
        self.server.terminate()
        self.server.wait(timeout=30)


def pages(root, count):
    """The pages measured: (name, method, path, form)."""
    db = sqlite3.connect(root / "vault" / "catalog.sqlite")
    deep = db.execute("SELECT started_at, id FROM recordings ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?", (int(count * 0.9),)).fetchone()
    db.close()
    at = datetime.strptime(deep[0], "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc)
    token = f"{round(at.timestamp() * 1_000_000)}_{deep[1]}"
    return [("first page", "GET", "/ui/recordings", None), ("deep page (90 %)", "GET", f"/ui/recordings?after={token}", None),
            ("campaign", "GET", "/ui/recordings?campaign=c7", None), ("agent", "GET", "/ui/recordings?agent=a42", None),
            ("held", "GET", "/ui/recordings?held=yes", None), ("restricted", "GET", "/ui/recordings?state=restricted", None),
            ("with transcript", "GET", "/ui/recordings?transcript=yes", None), ("oldest first", "GET", "/ui/recordings?order=oldest", None),
            ("number (POST)", "POST", "/ui/recordings", {"number": PHONE})]


def benchmark_console(args, callvault, work):
    """True when a target was missed."""
    wav = Path(__file__).resolve().parent.parent / "samples" / "outbound-call-8k.wav"
    results = {}
    for count in (args.console_recordings, 1000):
        root = work / f"console-{count}"
        run_checked(["rm", "-rf", str(root)])
        root.mkdir(parents=True)
        log(f"console: filling a vault with {count:,} recordings")
        env = fill(callvault, root, count, wav)
        console = Console(callvault, env, root)
        try:
            results[count] = {}
            for name, method, path, form in pages(root, count):
                if form is not None:
                    form = dict(form, csrf=console.form_csrf)
                results[count][name] = console.timed(method, path, form, args.console_requests)
        finally:
            console.close()
    print()
    print(f"console search: median of {args.console_requests} requests a page; {args.console_recordings:,} recordings against 1,000 "
          f"in the same run; target <= {TARGET_RATIO:g}x and < {TARGET_MS:g} ms")
    failed = False
    def rows(html):
        return html.count("<tr><td><a href=\"/ui/recordings/")
    for name in results[1000]:
        big, small = results[args.console_recordings][name][0], results[1000][name][0]
        big_rows, small_rows = rows(results[args.console_recordings][name][1]), rows(results[1000][name][1])
        if small_rows < big_rows:
            # A filter that matches fewer rows than a page in the small vault renders less there:
            # the reference is then the small vault's first page, as many rows as the large one's.
            small = results[1000]["first page"][0]
        ok = big <= TARGET_RATIO * max(small, 1.0) and big < TARGET_MS
        failed |= not ok
        print(f"  {name:18s} {big:7.1f} ms ({big_rows:2d} rows)  against {small:6.1f} ms: {big / max(small, 0.001):5.2f}x  {verdict(ok)}")
    return failed

"""The catalog section (issue 18): consent checks over HTTP (`POST /v1/consent/check`, keep-alive,
bearer token) against `callvault serve` on a vault whose catalog is PostgreSQL 15 (started by
`Tools/postgres` for the run, on loopback) and against the same on a SQLite vault, at a fixed
rate of 1,000 requests/s for --catalog-seconds (10 by default, 4 with --quick). Latency is
measured from each request's scheduled send time, so a stall counts against every request it
delays (no coordinated omission). Then the audit log with two nodes: two `callvault serve`
processes on one PostgreSQL vault, each taking consent claims (each claim appends an audit entry
in its transaction) from 4 closed-loop clients, against one SQLite node taking the same load:
audit appends per second, and `audit verify` on the result (one chain).

Target: p99 < 5 ms at 1,000 requests/s on PostgreSQL; PostgreSQL/SQLite p99 and appends/s reported.
"""

import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .common import log, run_checked, verdict
from .server import free_port, wait_for_port

POSTGRES = Path(__file__).resolve().parent.parent / "postgres"
PORT = "7791"
RATE = 1000                 # requests per second, fixed
TARGET_P99_MS = 5.0


def start_postgres(work):
    """Starts the server and returns (directory, PGPASSWORD, a function that makes a database)."""
    # Its own directory under /tmp: the server runs as the postgres user, who cannot enter the
    # bench's private work directory.
    directory = Path(f"/tmp/callvault-bench-postgres-{os.getpid()}")
    env = {**os.environ, "CALLVAULT_POSTGRES_PORT": PORT}
    result = subprocess.run([POSTGRES, "up", directory], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"bench: Tools/postgres up failed: {result.stderr.strip()[-800:]}")
    settings = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)

    def database(name):
        made = subprocess.run([POSTGRES, "createdb", name, directory], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if made.returncode != 0:
            sys.exit(f"bench: Tools/postgres createdb failed: {made.stderr.strip()[-800:]}")
        return dict(line.split("=", 1) for line in made.stdout.splitlines() if "=" in line)["CALLVAULT_POSTGRES"]

    return directory, settings["PGPASSWORD"], database


def make_vault(callvault, root, name, env, catalog=None):
    """A vault with a dialer token and one granted number; returns (vault, token)."""
    vault = root / name
    run_checked([callvault, "init", "--vault", vault, "--key-store", root / f"{name}-keys"] + (["--catalog", catalog] if catalog else []), env=env)
    token = run_checked([callvault, "tokens", "create", "--vault", vault, "--role", "dialer", "--name", "bench"], env=env).strip().splitlines()[-1]
    run_checked([callvault, "consent", "grant", "--vault", vault, "--phone", "+8613800138000", "--purpose", "service",
                 "--source", "signup-agreement", "--evidence", "bench"], env=env)
    return vault, token


def serve(callvault, vault, env):
    port = free_port()
    proc = subprocess.Popen([callvault, "serve", "--vault", vault, "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc, "callvault serve")
    return port, proc


def numbers(count, seed):
    rng = random.Random(seed)
    return ["+8613800138000"] + [f"+86139{rng.randrange(10**8):08d}" for _ in range(count - 1)]


def fixed_rate(port, token, seconds, rate=RATE, threads=16):
    """Sends `rate` checks a second for `seconds`; returns latencies (ms, from the scheduled time) and errors."""
    pool = numbers(1000, 11)
    total = int(seconds * rate)
    start = time.perf_counter() + 0.2
    latencies, errors = [], []
    lock = threading.Lock()

    def worker(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        mine, failed = [], 0
        for i in range(k, total, threads):
            due = start + i / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            try:
                conn.request("POST", "/v1/consent/check", json.dumps({"number": pool[i % len(pool)], "purpose": "service"}), headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
            except OSError:
                failed += 1
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append((time.perf_counter() - due) * 1000)
        with lock:
            latencies.extend(mine)
            errors.append(failed)

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, sum(errors)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def claims(port, token, seconds, clients=4, seed=0):
    """Closed-loop consent claims (each audited) for `seconds`; returns how many were answered."""
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def worker(k):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        pool = numbers(500, seed * 100 + k)
        i = 0
        while time.perf_counter() < stop:
            conn.request("POST", "/v1/consent/check", json.dumps({"number": pool[i % len(pool)], "purpose": "service", "claim": True}), headers)
            conn.getresponse().read()
            done[k] += 1
            i += 1

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(done)


def benchmark_catalogs(args, callvault, work):
    """Runs the section and prints its report; True when the target was missed."""
    seconds = 4 if args.quick else args.catalog_seconds
    root = work / "catalogs"
    root.mkdir()
    directory, password, database = start_postgres(work)
    env = {**os.environ, "PGPASSWORD": password}
    procs = []
    try:
        sqlite_vault, sqlite_token = make_vault(callvault, root, "sqlite", env)
        pg_vault, pg_token = make_vault(callvault, root, "postgres", env, catalog=database("bench_consent"))
        results = {}
        for name, vault, token in (("SQLite", sqlite_vault, sqlite_token), ("PostgreSQL", pg_vault, pg_token)):
            port, proc = serve(callvault, vault, env)
            procs.append(proc)
            fixed_rate(port, token, 1)  # warm-up
            log(f"catalogs: {RATE} consent checks/s for {seconds} s against serve on {name}")
            latencies, errors = fixed_rate(port, token, seconds)
            results[name] = (latencies, errors)
            proc.terminate()
            proc.wait()

        # Two nodes on one PostgreSQL vault against one SQLite node, claims closed-loop.
        node_b = root / "postgres-node-b"
        node_b.mkdir()
        (node_b / "vault.json").write_bytes((pg_vault / "vault.json").read_bytes())
        appends = {}
        for name, vaults in (("SQLite, one node", [sqlite_vault]), ("PostgreSQL, two nodes", [pg_vault, node_b])):
            ports = []
            for vault in vaults:
                port, proc = serve(callvault, vault, env)
                procs.append(proc)
                ports.append(port)
            log(f"catalogs: audited consent claims for {seconds} s on {name}")
            counts = [0] * len(ports)

            def drive(j):
                counts[j] = claims(ports[j], sqlite_token if vaults[0] == sqlite_vault else pg_token, seconds, clients=4 // len(ports), seed=j)

            drivers = [threading.Thread(target=drive, args=(j,)) for j in range(len(ports))]
            for d in drivers:
                d.start()
            for d in drivers:
                d.join()
            appends[name] = sum(counts) / seconds
            for proc in procs:
                proc.terminate()
                proc.wait()
            procs = []
        verified = subprocess.run([callvault, "audit", "verify", "--vault", pg_vault], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
    finally:
        for proc in procs:
            proc.terminate()
        subprocess.run([POSTGRES, "down", directory], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    print(f"Catalogs: consent checks over HTTP at a fixed {RATE} requests/s for {seconds} s (latency from the scheduled send time), "
          "then audited claims, 4 closed-loop clients in all")
    for name, (latencies, errors) in results.items():
        print(f"  {name:10} p50 {percentile(latencies, 50):6.2f} ms  p99 {percentile(latencies, 99):6.2f} ms  "
              f"max {max(latencies):7.2f} ms  ({len(latencies)} requests, {errors} errors)")
    p99 = {name: percentile(latencies, 99) for name, (latencies, _) in results.items()}
    ok = p99["PostgreSQL"] < TARGET_P99_MS and results["PostgreSQL"][1] == 0
    print(f"  PostgreSQL p99 {p99['PostgreSQL']:.2f} ms (target < {TARGET_P99_MS} ms at {RATE}/s): {verdict(ok)}; "
          f"PostgreSQL/SQLite p99 {p99['PostgreSQL'] / max(p99['SQLite'], 1e-6):.2f}")
    for name, rate in appends.items():
        print(f"  audited claims (one audit entry each) {name}: {rate:,.0f}/s")
    print(f"  PostgreSQL/SQLite appends {appends['PostgreSQL, two nodes'] / max(appends['SQLite, one node'], 1e-6):.2f}; "
          f"audit verify after both nodes: {'chain verifies' if verified.returncode == 0 else 'FAILED: ' + verified.stdout.strip()[-300:]}")
    return not ok or verified.returncode != 0

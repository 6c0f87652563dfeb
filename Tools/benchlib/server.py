"""The HTTP API section (issue 8): `callvault serve` (release build) answering `POST
/v1/consent/check` (one number with a grant, a dialer token, keep-alive) against nginx answering
`return 200` on another loopback port, both driven by `wrk -t2 -c8 -d10s --latency` with the same
Lua script (same method, headers and body), interleaved --runs times; the medians are reported.
`GET /healthz` of the same server is measured too, as the HTTP stack's own ceiling (no target).

Targets: callvault's requests/s >= 50% of nginx's; callvault's p99 latency < 5 ms.
"""

import json
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

from .common import log, run_checked, verdict

TARGET_SERVER_VS_NGINX = 0.50    # consent checks/s over nginx `return 200` requests/s
TARGET_SERVER_P99_MS = 5.0


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, proc, what, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"bench: {what} exited ({proc.returncode}) before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench: {what} did not listen on port {port} within {timeout:.0f} s")


@dataclass
class WrkRun:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def parse_wrk(output):
    """Requests/s, p50 and p99 (ms) and non-2xx/socket errors from `wrk --latency` output."""
    def ms(text):
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return WrkRun(rps, p50, p99, errors)


def run_wrk(url, script, seconds):
    output = run_checked(["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"] + (["-s", str(script)] if script else []) + [url])
    return parse_wrk(output)


def benchmark_server(args, callvault, work):
    """wrk against `callvault serve` (consent checks) and nginx (`return 200`); True when a target was missed."""
    root = work / "server"
    root.mkdir()
    vault = root / "vault"
    run_checked([callvault, "init", "--vault", vault, "--key-store", root / "keys"])
    token = run_checked([callvault, "tokens", "create", "--vault", vault, "--role", "dialer", "--name", "bench"]).strip().splitlines()[-1]
    number = "+8613800138000"
    run_checked([callvault, "consent", "grant", "--vault", vault, "--phone", number, "--purpose", "service",
                 "--source", "signup-agreement", "--evidence", "bench"])
    body = json.dumps({"number": number, "purpose": "service"})
    script = root / "check.lua"
    script.write_text('wrk.method = "POST"\n'
                      f"wrk.body = {json.dumps(body)}\n"
                      'wrk.headers["Content-Type"] = "application/json"\n'
                      f'wrk.headers["Authorization"] = "Bearer {token}"\n')

    nginx_port, server_port = free_port(), free_port()
    (root / "nginx").mkdir()
    (root / "nginx" / "nginx.conf").write_text(f"""
worker_processes auto;
pid {root}/nginx/nginx.pid;
error_log {root}/nginx/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/nginx/body;
    proxy_temp_path {root}/nginx/proxy;
    fastcgi_temp_path {root}/nginx/fastcgi;
    uwsgi_temp_path {root}/nginx/uwsgi;
    scgi_temp_path {root}/nginx/scgi;
    server {{
        listen 127.0.0.1:{nginx_port};
        location / {{ return 200; }}
    }}
}}
""")
    nginx = subprocess.Popen(["nginx", "-p", str(root / "nginx"), "-c", str(root / "nginx" / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # The same vault served twice: with the consent-check fast path (the default) and without it
    # (every check through the router), so the figures say whether the fast path is needed.
    # A binary from before the switch existed (Tools/bench-compare measures one) has no route-only server.
    switchable = "--consent-fast-path" in subprocess.run([callvault, "serve", "--help"], stdout=subprocess.PIPE, text=True).stdout
    route_port = free_port()
    server = subprocess.Popen([callvault, "serve", "--vault", vault, "--port", str(server_port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    route_server = subprocess.Popen([callvault, "serve", "--vault", vault, "--port", str(route_port), "--consent-fast-path", "off",
                                     "--erasure-interval", "86400", "--retention-interval", "86400"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) if switchable else None
    runs = {"nginx": [], "callvault": [], "route-only": [], "healthz": []}
    try:
        wait_for_port(nginx_port, nginx, "nginx")
        wait_for_port(server_port, server, "callvault serve")
        if route_server:
            wait_for_port(route_port, route_server, "callvault serve --consent-fast-path off")
        # The answer must be a real decision before it is timed.
        check = subprocess.run(["curl", "-s", "-H", f"Authorization: Bearer {token}", "-H", "Content-Type: application/json",
                                "-d", body, f"http://127.0.0.1:{server_port}/v1/consent/check"], stdout=subprocess.PIPE, text=True)
        if '"decision":"allow"' not in check.stdout:
            sys.exit(f"bench: the consent check did not answer allow: {check.stdout!r}")
        run_wrk(f"http://127.0.0.1:{server_port}/v1/consent/check", script, 2)  # warm-up
        if route_server:
            run_wrk(f"http://127.0.0.1:{route_port}/v1/consent/check", script, 2)
        run_wrk(f"http://127.0.0.1:{nginx_port}/v1/consent/check", script, 2)
        contenders = (("nginx", nginx_port), ("callvault", server_port)) + ((("route-only", route_port),) if route_server else ())
        for i in range(args.runs):
            for name, port in contenders:
                log(f"wrk run {i + 1}/{args.runs}: {name}")
                runs[name].append(run_wrk(f"http://127.0.0.1:{port}/v1/consent/check", script, args.wrk_seconds))
            # The HTTP stack's own floor: GET /healthz, no body, no token, no vault work.
            log(f"wrk run {i + 1}/{args.runs}: callvault GET /healthz")
            runs["healthz"].append(run_wrk(f"http://127.0.0.1:{server_port}/healthz", None, args.wrk_seconds))
    finally:
        for proc in (p for p in (server, route_server, nginx) if p):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    runs = {name: rs for name, rs in runs.items() if rs}
    med = {name: WrkRun(statistics.median(r.rps for r in rs), statistics.median(r.p50_ms for r in rs),
                        statistics.median(r.p99_ms for r in rs), sum(r.errors for r in rs)) for name, rs in runs.items()}
    ratio = med["callvault"].rps / med["nginx"].rps
    ok_ratio = ratio >= TARGET_SERVER_VS_NGINX
    ok_p99 = med["callvault"].p99_ms < TARGET_SERVER_P99_MS
    ok_errors = med["callvault"].errors == 0 and med["healthz"].errors == 0
    print()
    print(f"HTTP API: wrk -t2 -c8 -d{args.wrk_seconds}s --latency, keep-alive, same Lua script (POST JSON, bearer token); "
          f"median of {args.runs} interleaved runs")
    print(f"  {'server':10} {'requests/s':>12} {'p50':>9} {'p99':>9} {'errors':>7}   all runs (req/s)")
    for name, rs in runs.items():
        print(f"  {name:10} {med[name].rps:>12.0f} {med[name].p50_ms:>6.2f} ms {med[name].p99_ms:>6.2f} ms {med[name].errors:>7}   "
              + " ".join(f"{r.rps:.0f}" for r in rs))
    print(f"reference: callvault GET /healthz (HTTP stack only) {med['healthz'].rps:.0f} req/s "
          f"-> healthz/nginx = {med['healthz'].rps / med['nginx'].rps:.2f} (no target; the ceiling of this server stack here)")
    print(f"consent check: callvault {med['callvault'].rps:.0f} req/s, nginx return 200 {med['nginx'].rps:.0f} req/s "
          f"-> callvault/nginx = {ratio:.2f} (target >= {TARGET_SERVER_VS_NGINX:.2f}) {verdict(ok_ratio)}")
    if "route-only" in med:
        print(f"consent check without the fast path (--consent-fast-path off, the route only): {med['route-only'].rps:.0f} req/s "
              f"-> route-only/nginx = {med['route-only'].rps / med['nginx'].rps:.2f} (the same target would be "
              f"{verdict(med['route-only'].rps / med['nginx'].rps >= TARGET_SERVER_VS_NGINX)}; p99 {med['route-only'].p99_ms:.2f} ms)")
    print(f"consent check p99: {med['callvault'].p99_ms:.2f} ms (target < {TARGET_SERVER_P99_MS:.0f} ms) {verdict(ok_p99)}; "
          f"non-2xx or socket errors: {med['callvault'].errors} {verdict(ok_errors)}")
    return not (ok_ratio and ok_p99 and ok_errors)

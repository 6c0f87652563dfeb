#!/usr/bin/env python3
"""A scripted speech recogniser and a monitoring-webhook receiver, for callvault's live transcript
path (issue 21): the test suite and Tools/bench drive `serve` with them.

  live_transcript.py stream --api URL --token T --recording ID --script FILE
      Streams a recogniser's results to POST /v1/recordings/live/{ID}/transcript as one chunked
      body (one JSON line a chunk). Each script line is an object:
        {"after_s": 0.4, "result": {"type": "final", "words": [...]}}   sent 0.4 s after the start
        {"wait_for_call_end": true}   waits until GET /v1/recordings/live no longer lists the call
        {"send_udp": {"to": "127.0.0.1:5061", "text": "..."}}   sends one datagram, then goes on
                                      (a test's SIP INFO that asks SIPp to hang up, say)
      Prints one line per result sent ({"sent": unix time, "line": n}) and, last, the answer:
      {"status": 200, "body": {...}}.

  live_transcript.py receive --port-file F --log FILE --secret-file S [--fail-first N]
      Listens on a free loopback port (written to F) for the webhook's POSTs; checks each
      Callvault-Signature (t=..,v1=hex HMAC-SHA256 of "t.body") with Python's own hmac; answers
      503 to the first N attempts of each delivery, 200 after; appends one JSON line per request
      to FILE: arrival time, headers that matter, whether the signature held, the status sent,
      and the body.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import socket
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify_signature(header, body, secret):
    """Whether `header` (t=..,v1=..) signs `body` under `secret`, and its timestamp."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        stamp = int(parts["t"])
    except (KeyError, ValueError):
        return False, None
    expected = hmac.new(secret, f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", "")), stamp


def receive(args):
    secret = open(args.secret_file, "rb").read().rstrip(b"\r\n ")
    attempts = {}
    lock = threading.Lock()
    log = open(args.log, "a", buffering=1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            arrived = time.time()
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            valid, stamp = verify_signature(self.headers.get("Callvault-Signature", ""), body, secret)
            delivery = self.headers.get("Callvault-Delivery", "")
            with lock:
                attempts[delivery] = attempts.get(delivery, 0) + 1
                status = 503 if attempts[delivery] <= args.fail_first else 200
                log.write(json.dumps({"arrived": arrived, "delivery": delivery, "attempt": self.headers.get("Callvault-Attempt"),
                                      "event": self.headers.get("Callvault-Event"), "signature_valid": valid, "signed_at": stamp,
                                      "status": status, "body": json.loads(body or b"null")}, ensure_ascii=False) + "\n")
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


def call_is_live(api, token, recording):
    request = urllib.request.Request(f"{api}/v1/recordings/live", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return any(c["id"] == recording for c in json.load(answer)["calls"])


def stream(args):
    script = [json.loads(line) for line in open(args.script, encoding="utf-8") if line.strip()]
    url = urllib.parse.urlsplit(args.api)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    start = time.monotonic()

    def body():
        for n, step in enumerate(script, 1):
            if step.get("wait_for_call_end"):
                while call_is_live(args.api, args.token, args.recording):
                    time.sleep(0.1)
                continue
            if "send_udp" in step:
                host, port = step["send_udp"]["to"].rsplit(":", 1)
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                    udp.sendto(step["send_udp"]["text"].encode(), (host, int(port)))
                continue
            delay = start + step.get("after_s", 0) - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            line = json.dumps(step["result"], ensure_ascii=False).encode() + b"\n"
            print(json.dumps({"sent": time.time(), "line": n}), flush=True)
            yield line

    connection.request("POST", f"/v1/recordings/live/{args.recording}/transcript", body=body(), encode_chunked=True,
                       headers={"Authorization": f"Bearer {args.token}", "Content-Type": "application/x-ndjson",
                                "Transfer-Encoding": "chunked"})
    answer = connection.getresponse()
    text = answer.read().decode()
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = text
    print(json.dumps({"status": answer.status, "body": parsed}, ensure_ascii=False), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("stream")
    s.add_argument("--api", required=True)
    s.add_argument("--token", required=True)
    s.add_argument("--recording", required=True)
    s.add_argument("--script", required=True)
    r = commands.add_parser("receive")
    r.add_argument("--port-file", required=True)
    r.add_argument("--log", required=True)
    r.add_argument("--secret-file", required=True)
    r.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    (stream if args.command == "stream" else receive)(args)


if __name__ == "__main__":
    sys.exit(main())

"""The live-recording section (issue 17): N concurrent two-stream calls recorded by `callvault serve
--siprec`, sent by a SIPREC client of this script's own (SIP over UDP: an INVITE with a multipart SDP
offer of two `sendonly` PCMU lines and RFC 7865 metadata, ACK, BYE; RTP paced at 20 ms, G.711 speech
on both streams from the capture section's corpus), against the file path in the same run:
`callvault ingest` of a pcap of as many two-way G.711 calls with as much audio (the capture
section's generator), same encoder settings. Reported: the calls at once, datagrams sent and
received per stream (received: the server's own counts, from each stored recording's metadata), the
sender's lateness, the server's CPU per call and per second of audio against the file path's, and
how long after its BYE the last call was stored.

Targets: every datagram sent is received (per stream); live CPU per second of audio <= 1.2x the file
path's; every call stored within 2 s of its BYE.
"""

import json
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import struct
import subprocess
import time
import uuid

from .capture import CAPTURE_PACKET_BYTES, CaptureCorpus, make_capture
from .common import log, measure, run_checked, verdict

TARGET_LIVE_VS_FILE = 1.20
TARGET_STORED_AFTER_BYE_S = 2.0


def _proc_cpu(pid):
    """User + system CPU seconds of process `pid` so far (its threads included)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class SIPRECClient:
    """A recording client (SRC) over UDP: one dialog per call."""

    def __init__(self, server_port):
        self.server = ("127.0.0.1", server_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def _request(self, method, call, cseq, content_type=None, body=""):
        lines = [f"{method} sip:srs@127.0.0.1:{self.server[1]} SIP/2.0",
                 f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};branch=z9hG4bK{uuid.uuid4().hex[:16]}",
                 "Max-Forwards: 70", f"From: <sip:src@127.0.0.1>;tag={call['from_tag']}",
                 f"To: <sip:srs@127.0.0.1>{';tag=' + call['to_tag'] if call.get('to_tag') else ''}",
                 f"Call-ID: {call['call_id']}", f"CSeq: {cseq} {method}", f"Contact: <sip:src@127.0.0.1:{self.port}>"]
        if method == "INVITE":
            lines.append("Require: siprec")
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines.append(f"Content-Length: {len(body.encode())}")
        return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()

    def _final(self, call, cseq, method, request):
        """Sends `request` (again every 0.5 s) until its final response; returns (status, headers, body)."""
        for attempt in range(8):
            self.sock.sendto(request, self.server)
            deadline = time.monotonic() + 0.5
            while time.monotonic() < deadline:
                self.sock.settimeout(max(0.01, deadline - time.monotonic()))
                try:
                    data, _ = self.sock.recvfrom(65535)
                except socket.timeout:
                    break
                text = data.decode(errors="replace")
                head, _, body = text.partition("\r\n\r\n")
                if not head.startswith("SIP/2.0 ") or f"Call-ID: {call['call_id']}" not in head \
                        or not re.search(rf"CSeq: {cseq} {method}\b", head):
                    continue
                status = int(head[8:11])
                if status >= 200:
                    return status, head, body
        raise RuntimeError(f"no final answer to {method} of call {call['call_id']}")

    def invite(self, index):
        """Opens the recording session of call `index`; returns the call with its two RTP ports."""
        call = {"call_id": f"bench-{index}-{uuid.uuid4().hex[:12]}@127.0.0.1", "from_tag": uuid.uuid4().hex[:8]}
        session = f"urn:uuid:{uuid.uuid4()}"
        sdp = "v=0\r\no=SRC 1 1 IN IP4 127.0.0.1\r\ns=SIPREC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        for n, label in enumerate(("1", "2")):
            sdp += f"m=audio {31000 + 2 * n} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=label:{label}\r\na=sendonly\r\n"
        metadata = f"""<?xml version="1.0" encoding="UTF-8"?>
<recording xmlns="urn:ietf:params:xml:ns:recording:1">
  <datamode>complete</datamode>
  <session session_id="{session}"><extensiondata><callid>recorded-{index}@pbx.example</callid></extensiondata></session>
  <participant participant_id="agent"><nameID aor="sip:agent{1000 + index % 500}@pbx.example"/></participant>
  <participant participant_id="customer"><nameID aor="sip:+86139{index:08d}@carrier.example;user=phone"/></participant>
  <stream stream_id="s1" session_id="{session}"><label>1</label></stream>
  <stream stream_id="s2" session_id="{session}"><label>2</label></stream>
  <participantstreamassoc participant_id="customer"><send>s1</send><recv>s2</recv></participantstreamassoc>
  <participantstreamassoc participant_id="agent"><send>s2</send><recv>s1</recv></participantstreamassoc>
</recording>"""
        body = ("--bench-boundary\r\nContent-Type: application/sdp\r\n\r\n" + sdp + "\r\n"
                "--bench-boundary\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n"
                + metadata + "\r\n--bench-boundary--\r\n")
        status, head, answer = self._final(call, 1, "INVITE",
                                           self._request("INVITE", call, 1, "multipart/mixed;boundary=bench-boundary", body))
        if status != 200:
            raise RuntimeError(f"INVITE of call {index} answered {status}")
        call["to_tag"] = re.search(r"^To:.*;tag=([^;\s]+)", head, re.M | re.I).group(1)
        call["ports"] = [int(p) for p in re.findall(r"^m=audio (\d+)", answer, re.M)]
        self.sock.sendto(self._request("ACK", call, 1), self.server)
        return call

    def bye(self, call):
        status, _, _ = self._final(call, 2, "BYE", self._request("BYE", call, 2))
        return status


def _send_media(calls, payloads, packets):
    """Sends each call's two streams, one packet every 20 ms, from one socket; returns
    (datagrams sent per stream, the sender's largest lateness in seconds)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    streams = []
    rng = random.Random(7)
    for i, call in enumerate(calls):
        for side, port in enumerate(call["ports"]):
            streams.append((("127.0.0.1", port), rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(32),
                            payloads[(2 * i + side) % len(payloads)]))
    sent = [0] * len(streams)
    late = 0.0
    start = time.perf_counter()
    for k in range(packets):
        due = start + 0.020 * k
        now = time.perf_counter()
        if now < due:
            time.sleep(due - now)
        else:
            late = max(late, now - due)
        for s, (address, ssrc, seq, ts, payload) in enumerate(streams):
            header = struct.pack("!BBHII", 0x80, 0x80 if k == 0 else 0, (seq + k) & 0xFFFF, (ts + 160 * k) & 0xFFFFFFFF, ssrc)
            sock.sendto(header + payload[160 * k:160 * (k + 1)], address)
            sent[s] += 1
    sock.close()
    return sent, late


def start_siprec_server(callvault, vault, keys, calls_at_once, complexity, extra=()):
    """`callvault serve --siprec` on loopback for `calls_at_once` calls, sessions opened back to back
    from one client (no per-source rate limit); returns (process, SIP port, API port) once it listens.
    Its stderr is drained from then on, so a full pipe never stalls it."""
    sip_port = 36000 + 2 * random.randrange(500)
    rtp_base = 20000 + 2 * random.randrange(1000)
    server = subprocess.Popen([callvault, "serve", "--vault", vault, "--key-store", keys, "--port", "0",
                               "--siprec", "--sip-listen", f"127.0.0.1:{sip_port}", "--media-address", "127.0.0.1",
                               "--rtp-ports", f"{rtp_base}-{rtp_base + 4 * calls_at_once + 100}",
                               "--siprec-max-calls", str(calls_at_once + 10), "--siprec-complexity", str(complexity),
                               "--siprec-max-rate", "0", *extra],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = ""
    while "port=" not in seen:
        line = server.stderr.readline()
        if not line:
            server.kill()
            raise RuntimeError(f"serve --siprec did not start: {seen}")
        seen += line
    threading_drain(server)
    return server, sip_port, int(seen.split("port=")[1].split()[0])


def benchmark_live(args, callvault, work, runs_dir):
    """The live-recording section; True when a target was missed."""
    calls_at_once, seconds = args.live_calls, args.live_seconds
    packets = int(seconds / 0.020)
    root = runs_dir / "live"
    root.mkdir()
    vault, keys = root / "vault", root / "keys"
    run_checked([callvault, "init", "--vault", vault, "--key-store", keys])
    rng = random.Random(17)
    corpus = CaptureCorpus(rng)
    # 16 distinct channels of speech, reused round-robin: the encoder sees speech, not one clip.
    channels = [corpus.channel("PCMU", packets * 160, rng) for _ in range(16)]
    payloads = [codes for codes, _ in channels]
    references = [pcm for _, pcm in channels]
    server, sip_port, _ = start_siprec_server(callvault, vault, keys, calls_at_once, args.live_complexity)
    try:
        client = SIPRECClient(sip_port)
        cpu_before = _proc_cpu(server.pid)
        log(f"live: opening {calls_at_once} recording sessions")
        calls = [client.invite(i) for i in range(calls_at_once)]
        log(f"live: sending {seconds:g} s of two-stream RTP for each of {calls_at_once} calls at once")
        sent, late = _send_media(calls, payloads, packets)
        byes = time.monotonic()
        for call in calls:
            client.bye(call)
        catalog = sqlite3.connect(f"file:{vault / 'catalog.sqlite'}?mode=ro", uri=True, timeout=30)
        stored_after = None
        while time.monotonic() - byes < 120:
            count = catalog.execute("SELECT count(*) FROM recordings").fetchone()[0]
            if count >= calls_at_once:
                stored_after = time.monotonic() - byes
                break
            time.sleep(0.05)
        cpu_live = _proc_cpu(server.pid) - cpu_before
        rows = [json.loads(m or "{}") for (m,) in catalog.execute("SELECT metadata FROM recordings")]
        catalog.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    received = sorted(int(r.get("left.packets", 0)) for r in rows) + sorted(int(r.get("right.packets", 0)) for r in rows)
    lost_streams = sum(1 for r in rows for side in ("left", "right") if int(r.get(f"{side}.packets", 0)) < packets)
    dropped = sum(sent) - sum(received)

    # The file path: a pcap of as many two-way calls with as much audio, ingested in one run.
    log(f"live: making a pcap of {calls_at_once} two-way calls of {seconds:g} s for the file path")
    capture_dir = root / "capture"
    capture_dir.mkdir()
    pcap, wavs, described, _ = make_capture(capture_dir, 24 + 2 * calls_at_once * packets * CAPTURE_PACKET_BYTES, calls_at_once)
    for wav in wavs:
        wav.unlink()
    file_vault, file_keys = root / "file-vault", root / "file-keys"
    run_checked([callvault, "init", "--vault", file_vault, "--key-store", file_keys])
    log("live: callvault ingest of that pcap")
    # The same encoder settings as the server's (the vault's 16 kbit/s a channel, --live-complexity).
    sample = measure([callvault, "ingest", "--vault", file_vault, "--key-store", file_keys, "--complexity", str(args.live_complexity), pcap],
                     root / "ingest.out")
    file_audio = sum(s for _, s in described)
    pcap_mb = pcap.stat().st_size / 1e6
    quality = _pesq_of_stored(callvault, vault, keys, references, root, count=4)
    shutil.rmtree(root, ignore_errors=True)

    live_audio = len(rows) * seconds
    per_live = cpu_live / max(live_audio, 1e-9)
    per_file = sample.cpu / max(file_audio, 1e-9)
    ratio = per_live / per_file
    ok_drops = dropped == 0 and lost_streams == 0 and len(rows) == calls_at_once
    ok_cpu = ratio <= TARGET_LIVE_VS_FILE
    ok_stored = stored_after is not None and stored_after <= TARGET_STORED_AFTER_BYE_S
    print()
    print(f"callvault live-recording benchmark: {calls_at_once} SIPREC calls at once, two PCMU streams each, "
          f"{seconds:g} s of speech a stream, RTP paced at 20 ms from one sender (largest lateness {late * 1000:.0f} ms); "
          f"Opus 16 kbit/s a channel, complexity {args.live_complexity} on both paths")
    print(f"  datagrams: sent {sum(sent)}, received by the server {sum(received)} ({dropped} dropped; "
          f"{lost_streams} of {2 * calls_at_once} streams short of {packets}); stored {len(rows)} of {calls_at_once}: {verdict(ok_drops)}")
    print(f"  server CPU: {cpu_live:.1f} s for {live_audio:.0f} s of calls = {1000 * per_live:.2f} ms a second of audio, "
          f"{cpu_live / max(1, len(rows)):.2f} s a call; file path (callvault ingest of a {pcap_mb:.0f} MB pcap "
          f"of {len(described)} calls, {file_audio:.0f} s): {sample.cpu:.1f} s = {1000 * per_file:.2f} ms a second of audio")
    print(f"  live/file CPU per second of audio: {ratio:.2f} (target <= {TARGET_LIVE_VS_FILE:.2f}): {verdict(ok_cpu)}")
    if quality:
        print(f"  speech quality at complexity {args.live_complexity}: PESQ (narrowband, ITU-T P.862) of {len(quality)} stored channels "
              f"against the G.711 speech sent: median {statistics.median(quality):.2f}, lowest {min(quality):.2f} (reported, no target)")
    print(f"  every call stored {stored_after:.2f} s after the BYEs began" if stored_after is not None else "  calls not all stored within 120 s",
          f"(target <= {TARGET_STORED_AFTER_BYE_S:g} s after the last BYE): {verdict(ok_stored)}")
    return not (ok_drops and ok_cpu and ok_stored)


def _pesq_of_stored(callvault, vault, keys, references, root, count):
    """Narrowband PESQ of the first `count` stored calls' channels against the speech sent on them:
    each stored channel is scored against the reference it correlates with best (which stream went
    to which channel, and which call is which, is the server's to decide)."""
    try:
        import numpy as np
        from pesq import pesq
    except ImportError:
        return []
    listing = json.loads(run_checked([callvault, "recordings", "list", "--vault", vault, "--key-store", keys, "--json"]))
    scores = []
    sent = [np.array(reference, dtype=np.float64) for reference in references]
    for index, recording in enumerate(listing[:count]):
        out = root / f"pesq-{index}.opus"
        run_checked([callvault, "recordings", "audio", recording["id"], "--out", out, "--vault", vault, "--key-store", keys])
        raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out), "-f", "s16le", "-ac", "2", "-ar", "8000", "-"],
                             check=True, capture_output=True).stdout
        stereo = np.frombuffer(raw, dtype="<i2").astype(np.float64).reshape(-1, 2)
        for channel in (0, 1):
            degraded = stereo[:, channel]
            n = min(len(degraded), *(len(s) for s in sent))
            reference = max(sent, key=lambda s: abs(float(np.corrcoef(s[:n], degraded[:n])[0, 1])))
            try:
                scores.append(float(pesq(8000, reference[:n], degraded[:n], "nb")))
            except ValueError:  # PESQ finds no speech to align (a channel too short or silent): not scored
                continue
    return scores


def threading_drain(process):
    """Keeps reading the server's stderr, so a full pipe never stalls it."""
    import threading

    def drain():
        for _ in process.stderr:
            pass
    threading.Thread(target=drain, daemon=True).start()

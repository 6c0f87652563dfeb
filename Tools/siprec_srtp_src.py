#!/usr/bin/env python3
"""A SIPREC client (an SRC, as an SBC would be) that protects its media with SRTP and SDES keys,
written from RFC 7866, RFC 4568 and RFC 3711 (SRTP through pylibsrtp), not from callvault's code.

It offers two RTP/SAVP lines (labels 1 and 2: the customer and the agent of an outbound call), each
with an AES-GCM crypto line first (which a recorder without it must pass over) and then the chosen
suite; checks that the answer accepts the chosen suite's tag on every line with a fresh key of the
right length; sends each speech file as G.711 µ-law in real time, SRTP-protected, on its line,
plus altered packets (bad authentication tags) and replayed ones; then BYE. Writes what it sent as a
stereo WAV (left: the agent, the caller; right: the customer) and prints JSON facts.

Signalling goes over UDP, or over TLS (`--transport tls`, RFC 3261 §26: the server's certificate
checked against `--ca`), as an SBC's SIPS trunk would send it.

usage: siprec_srtp_src.py --server 127.0.0.1:5060 --customer A.wav --agent B.wav --seconds 4
                          --out sent.wav [--suite AES_CM_128_HMAC_SHA1_80] [--altered 5] [--replayed 3]
                          [--transport udp|tls --ca server.pem]
"""
import argparse, base64, json, os, random, re, socket, ssl, struct, subprocess, sys, time, uuid, wave

import numpy as np
from pylibsrtp import Policy, Session

PROFILES = {"AES_CM_128_HMAC_SHA1_80": (Policy.SRTP_PROFILE_AES128_CM_SHA1_80, 30),
            "AES_CM_128_HMAC_SHA1_32": (Policy.SRTP_PROFILE_AES128_CM_SHA1_32, 30)}

METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<recording xmlns="urn:ietf:params:xml:ns:recording:1">
  <datamode>complete</datamode>
  <session session_id="{session}"><extensiondata><callid>srtp-call@pbx.example</callid></extensiondata></session>
  <participant participant_id="agent"><nameID aor="sip:agent7@pbx.example"/>
    <extensiondata xmlns:apkt="http://acmepacket.com/siprec/extensiondata"><apkt:callingParty>true</apkt:callingParty></extensiondata>
  </participant>
  <participant participant_id="customer"><nameID aor="sip:+4915112345678@carrier.example;user=phone"/></participant>
  <stream stream_id="s1" session_id="{session}"><label>1</label></stream>
  <stream stream_id="s2" session_id="{session}"><label>2</label></stream>
  <participantstreamassoc participant_id="agent"><send>s2</send><recv>s1</recv></participantstreamassoc>
  <participantstreamassoc participant_id="customer"><send>s1</send><recv>s2</recv></participantstreamassoc>
</recording>
"""


def speech(path, seconds):
    """The file's first `seconds` as 8 kHz mono 16-bit samples (ffmpeg converts)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
                         check=True, capture_output=True).stdout
    samples = np.frombuffer(raw, dtype="<i2").astype(np.int32)
    n = int(seconds * 8000)
    while len(samples) < n:
        samples = np.concatenate([samples, samples])
    return samples[:n]


def ulaw_encode(sample):
    """G.711 µ-law (ITU-T G.711), one sample."""
    bias, clip = 0x84, 32635
    sign = 0x80 if sample < 0 else 0
    sample = min(abs(int(sample)), clip) + bias
    exponent, mask = 7, 0x4000
    while exponent > 0 and not sample & mask:
        exponent -= 1
        mask >>= 1
    mantissa = (sample >> (exponent + 3)) & 0x0F
    return ~(sign | (exponent << 4) | mantissa) & 0xFF


def ulaw_decode(byte):
    byte = ~byte & 0xFF
    sign, exponent, mantissa = byte & 0x80, (byte >> 4) & 7, byte & 0x0F
    value = (((mantissa << 3) + 0x84) << exponent) - 0x84
    return -value if sign else value


LOCAL = "127.0.0.1"  # this SRC's address as SIP writes it ([::1] over IPv6)


def request(method, target, call_id, cseq, from_tag, to_tag, port, body=None, content_type=None, transport="UDP"):
    lines = [f"{method} {target} SIP/2.0",
             f"Via: SIP/2.0/{transport} {LOCAL}:{port};branch=z9hG4bK{random.getrandbits(48):x}",
             "Max-Forwards: 70", f"From: <sip:sbc@{LOCAL}>;tag={from_tag}",
             f"To: <{target}>" + (f";tag={to_tag}" if to_tag else ""), f"Call-ID: {call_id}", f"CSeq: {cseq} {method}",
             f"Contact: <sip:sbc@{LOCAL}:{port}>"]
    if method == "INVITE":
        lines.append("Require: siprec")
    data = (body or "").encode()
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + data


class Stream:
    """SIP over a TLS connection: messages framed by Content-Length (RFC 3261 §18.3)."""

    def __init__(self, server, ca):
        context = ssl.create_default_context(cafile=ca)
        context.check_hostname = False  # the test certificate names no host; its chain is still checked
        self.sock = context.wrap_socket(socket.create_connection(server, timeout=10))
        self.buffer = b""

    def send(self, message):
        self.sock.sendall(message)

    def receive(self):
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65535)
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"^(?:Content-Length|l):\s*(\d+)", head, re.M | re.I).group(1))
        while len(rest) < length:
            rest += self.sock.recv(65535)
        self.buffer = rest[length:]
        return (head + b"\r\n\r\n" + rest[:length]).decode(errors="replace")


def transact_stream(stream, message):
    """Sends a request over TLS (no retransmission on a reliable transport) and returns the final response."""
    stream.send(message)
    while True:
        text = stream.receive()
        status = int(text.split(" ", 2)[1]) if text.startswith("SIP/2.0") else 0
        if status >= 200:
            return status, text


def transact(sock, message, server, want_final=True, timeout=10):
    """Sends a request (retransmitting as RFC 3261 §17.1.1 says) and returns the final response."""
    deadline, interval = time.time() + timeout, 0.5
    sock.sendto(message, server)
    while time.time() < deadline:
        sock.settimeout(interval)
        try:
            data, _ = sock.recvfrom(65535)
        except socket.timeout:
            sock.sendto(message, server)
            interval = min(interval * 2, 4)
            continue
        text = data.decode(errors="replace")
        status = int(text.split(" ", 2)[1]) if text.startswith("SIP/2.0") else 0
        if status >= 200 or not want_final:
            return status, text
    sys.exit("no final response")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True)
    parser.add_argument("--customer", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--out", required=True)
    parser.add_argument("--suite", default="AES_CM_128_HMAC_SHA1_80", choices=sorted(PROFILES))
    parser.add_argument("--altered", type=int, default=5)
    parser.add_argument("--replayed", type=int, default=3)
    parser.add_argument("--transport", choices=["udp", "tls"], default="udp")
    parser.add_argument("--ca", help="the server certificate's PEM, to check it (TLS)")
    args = parser.parse_args()
    host, port = args.server.rsplit(":", 1)
    host = host.strip("[]")  # [v6]:port
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    local = "::1" if family == socket.AF_INET6 else "127.0.0.1"
    global LOCAL
    LOCAL = "[::1]" if family == socket.AF_INET6 else "127.0.0.1"
    server = (host, int(port))
    profile, key_length = PROFILES[args.suite]

    transport = args.transport.upper()
    if args.transport == "tls":
        stream = Stream(server, args.ca)
        local_port = stream.sock.getsockname()[1]
        send = lambda message: stream.send(message)
        exchange = lambda message: transact_stream(stream, message)
    else:
        sip = socket.socket(family, socket.SOCK_DGRAM)
        sip.bind((local, 0))
        local_port = sip.getsockname()[1]
        send = lambda message: sip.sendto(message, server)
        exchange = lambda message: transact(sip, message, server)
    keys = [os.urandom(key_length), os.urandom(key_length)]
    sdp = "v=0\r\no=SBC 1 1 IN IP4 127.0.0.1\r\ns=SIPREC\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    for i, label in enumerate(["1", "2"]):
        sdp += (f"m=audio {40000 + 2 * i} RTP/SAVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                f"a=label:{label}\r\na=sendonly\r\n"
                f"a=crypto:1 AEAD_AES_256_GCM inline:{base64.b64encode(os.urandom(44)).decode()}\r\n"
                f"a=crypto:2 {args.suite} inline:{base64.b64encode(keys[i]).decode()}|2^31\r\n")
    boundary = "srtp-boundary-7"
    body = (f"--{boundary}\r\nContent-Type: application/sdp\r\n\r\n{sdp}\r\n"
            f"--{boundary}\r\nContent-Type: application/rs-metadata+xml\r\nContent-Disposition: recording-session\r\n\r\n"
            f"{METADATA.format(session=uuid.uuid4().urn)}\r\n--{boundary}--\r\n")
    scheme = "sips" if args.transport == "tls" else "sip"
    target_host = f"[{host}]" if family == socket.AF_INET6 else host
    target, call_id, from_tag = f"{scheme}:srs@{target_host}:{port}", f"srtp-{uuid.uuid4()}", f"sbc{random.getrandbits(32)}"
    status, answer = exchange(request("INVITE", target, call_id, 1, from_tag, None, local_port, body,
                                      f"multipart/mixed;boundary={boundary}", transport))
    facts = {"invite_status": status}
    if status != 200:
        print(json.dumps(facts))
        return
    to_tag = re.search(r"^To:.*;tag=([^;\s]+)", answer, re.M | re.I).group(1)
    send(request("ACK", target, call_id, 1, from_tag, to_tag, local_port, transport=transport))
    answer_sdp = answer.split("\r\n\r\n", 1)[1]
    ports = [int(m) for m in re.findall(r"^m=audio (\d+) RTP/SAVP", answer_sdp, re.M)]
    cryptos = re.findall(r"^a=crypto:(\d+) (\S+) inline:([A-Za-z0-9+/=]+)", answer_sdp, re.M)
    facts["answer_ports"] = ports
    media_host = re.search(r"^c=IN IP[46] (\S+)", answer_sdp, re.M).group(1)
    facts["answer_address"] = media_host
    facts["answer_crypto_ok"] = (len(cryptos) == 2 and all(tag == "2" and suite == args.suite
                                                           and len(base64.b64decode(key)) == key_length
                                                           and base64.b64decode(key) not in keys for tag, suite, key in cryptos))

    sessions = [Session(policy=Policy(key=k, ssrc_type=Policy.SSRC_ANY_OUTBOUND, srtp_profile=profile)) for k in keys]
    audio = [speech(args.customer, args.seconds), speech(args.agent, args.seconds)]  # line 1: customer, line 2: agent
    sent = [np.zeros(len(a), dtype=np.int16) for a in audio]
    rtp = socket.socket(family, socket.SOCK_DGRAM)
    rtp.bind((local, 0))
    ssrcs = [random.getrandbits(32), random.getrandbits(32)]
    seqs = [random.getrandbits(16), random.getrandbits(16)]
    stamps = [random.getrandbits(32), random.getrandbits(32)]
    frames = int(args.seconds * 50)
    altered_at = set(random.sample(range(10, frames - 10), args.altered))
    replayed_at = set(random.sample(range(10, frames - 10), args.replayed))
    altered = replayed = 0
    start = time.perf_counter()
    for f in range(frames):
        wait = start + f * 0.02 - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        for line in range(2):
            chunk = audio[line][f * 160:(f + 1) * 160]
            payload = bytes(ulaw_encode(s) for s in chunk)
            sent[line][f * 160:(f + 1) * 160] = [ulaw_decode(b) for b in payload]
            header = struct.pack("!BBHII", 0x80, 0x80 if f == 0 else 0, (seqs[line] + f) & 0xFFFF,
                                 (stamps[line] + f * 160) & 0xFFFFFFFF, ssrcs[line])
            packet = sessions[line].protect(header + payload)
            if line == 0 and f in altered_at:
                # Before the genuine packet (after it, the replay check would refuse it first).
                bad = bytearray(packet)
                bad[-1] ^= 0x5A  # the authentication tag no longer matches
                rtp.sendto(bytes(bad), (media_host, ports[line]))
                altered += 1
            rtp.sendto(packet, (media_host, ports[line]))
            if line == 1 and f in replayed_at:
                rtp.sendto(packet, (media_host, ports[line]))
                replayed += 1
    time.sleep(0.1)
    status, _ = exchange(request("BYE", target, call_id, 2, from_tag, to_tag, local_port, transport=transport))
    facts.update({"bye_status": status, "altered": altered, "replayed": replayed, "frames": frames})
    with wave.open(args.out, "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(np.column_stack([sent[1], sent[0]]).astype("<i2").tobytes())  # agent left, customer right
    print(json.dumps(facts))


if __name__ == "__main__":
    main()

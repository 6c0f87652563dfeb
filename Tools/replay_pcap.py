#!/usr/bin/env python3
"""Replays captures onto a network interface at their original pace, as a SPAN port would show
the calls in them: every frame is sent whole (raw, through an AF_PACKET socket), so a passive
recorder on that interface sees the captured addresses and ports, not this host's.

Classic pcap files with Ethernet frames are replayed as they are; other link types and pcapng are
converted first with editcap (Wireshark). Several files play at once, all starting together.
Needs root (or CAP_NET_RAW). Prints JSON: frames sent per file, and the worst lateness.

usage: replay_pcap.py --interface lo FILE [FILE ...]
"""
import argparse, json, os, socket, struct, subprocess, sys, tempfile, threading, time


def frames(path):
    """(seconds, Ethernet frame) of a classic pcap; converted with editcap when it is not one."""
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic not in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") \
            or struct.unpack("<I" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">I", data[20:24])[0] != 1:
        with tempfile.NamedTemporaryFile(suffix=".pcap") as out:
            subprocess.run(["editcap", "-F", "pcap", "-T", "ether", path, out.name], check=True, capture_output=True)
            with open(out.name, "rb") as f:
                data = f.read()
        magic = data[:4]
    little = magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
    nano = magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d")
    end = "<" if little else ">"
    offset, out = 24, []
    while offset + 16 <= len(data):
        sec, frac, caplen, _ = struct.unpack(end + "IIII", data[offset:offset + 16])
        offset += 16
        out.append((sec + frac / (1e9 if nano else 1e6), data[offset:offset + caplen]))
        offset += caplen
    return out


def play(interface, packets, start, result, name):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((interface, 0))
    first, late, sent = packets[0][0], 0.0, 0
    for when, frame in packets:
        due = start + (when - first)
        wait = due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        else:
            late = max(late, -wait)
        try:
            sock.send(frame)
            sent += 1
        except OSError:  # a frame larger than the interface's MTU
            pass
    result[name] = {"frames": len(packets), "sent": sent, "worst_late_s": round(late, 4)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--interface", required=True)
    parser.add_argument("--started", metavar="FILE", help="create FILE when the first frame is sent (for a caller timing the replay)")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    loaded = {path: frames(path) for path in args.files}
    start = time.perf_counter() + 0.2
    result, threads = {}, []
    for path, packets in loaded.items():
        if packets:
            thread = threading.Thread(target=play, args=(args.interface, packets, start, result, os.path.basename(path)))
            thread.start()
            threads.append(thread)
    if args.started:
        time.sleep(max(0.0, start - time.perf_counter()))
        open(args.started, "w").close()
    for thread in threads:
        thread.join()
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()

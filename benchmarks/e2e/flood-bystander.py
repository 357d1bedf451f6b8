#!/usr/bin/env python3
"""One client floods cache misses while another asks a cached name 50 times a second; prints the bystander's latency.

    flood-bystander.py SERVER_PORT SECONDS [FLOOD_RATE]      (FLOOD_RATE -1: no flood, the bystander alone)

The flooder (source 127.0.0.2, its own process) sends A queries for names never asked before (r<n>.flood.bench) as
fast as it can, or at FLOOD_RATE per second, and never waits for answers. The bystander (source 127.0.0.3, same /24)
asks cached.bench once every 20 ms and waits up to 1 s for each answer. Output: one JSON line.
"""
import json
import multiprocessing
import socket
import struct
import sys
import time


def query(qid: int, name: str) -> bytes:
    header = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 1)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    opt = b"\0" + struct.pack(">HHIH", 41, 1232, 0, 0)
    return header + labels + struct.pack(">HH", 1, 1) + opt


def flood(port: int, seconds: float, rate: float, sent) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.bind(("127.0.0.2", 0))
    sock.connect(("127.0.0.1", port))
    packet = bytearray(query(0, "r00000000.flood.bench"))
    # The name's 8 hex digits start after the header (12) and the label length (1) and "r" (1).
    start, end = 14, 22
    count = 0
    began = time.perf_counter()
    deadline = began + seconds
    while True:
        now = time.perf_counter()
        if now >= deadline:
            break
        if rate > 0 and count > (now - began) * rate:
            time.sleep(0.0005)
            continue
        for _ in range(64):
            count += 1
            packet[0:2] = struct.pack(">H", count & 0xFFFF)
            packet[start:end] = b"%08x" % count
            try:
                sock.send(packet)
            except OSError:
                pass
    sent.value = count


def bystander(port: int, seconds: float) -> dict:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.3", 0))
    sock.connect(("127.0.0.1", port))
    sock.settimeout(1.0)
    latencies, lost = [], 0
    end = time.perf_counter() + seconds
    qid = 0
    next_at = time.perf_counter()
    while time.perf_counter() < end:
        qid = (qid + 1) & 0xFFFF
        packet = query(qid, "cached.bench")
        t0 = time.perf_counter_ns()
        sock.send(packet)
        try:
            while True:
                data = sock.recv(4096)
                if len(data) >= 2 and struct.unpack(">H", data[:2])[0] == qid:
                    latencies.append((time.perf_counter_ns() - t0) / 1e6)
                    break
        except socket.timeout:
            lost += 1
        next_at += 0.02
        pause = next_at - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 2) if latencies else -1

    return {"answered": len(latencies), "lost": lost, "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": pct(1.0) if latencies else -1}


def main() -> None:
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    sent = multiprocessing.Value("q", 0)
    flooder = multiprocessing.Process(target=flood, args=(port, seconds + 1, rate, sent)) if rate >= 0 else None
    if flooder:
        flooder.start()
        time.sleep(0.5)
    result = bystander(port, seconds)
    if flooder:
        flooder.join()
    result["flood_sent"] = sent.value
    result["flood_rate"] = round(sent.value / (seconds + 1))
    print(json.dumps(result))


if __name__ == "__main__":
    main()

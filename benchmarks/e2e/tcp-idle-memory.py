#!/usr/bin/env python3
"""Memory cost of idle DNS-over-TCP connections, and whether it is given back when they close.

Starts the program (a published HomeFilter.dll, default: publish this checkout to a scratch folder first), waits
until it answers over TCP, then per round: opens N connections spread over source addresses 127.0.0.2, 127.0.0.3,
... (at most --per-address each, so the per-client limit of 32 does not refuse them), optionally sends one query on
each (a header without a question: answered FORMERR by the program itself, no upstream needed), leaves them idle,
reads VmRSS from /proc/PID/status, closes them all and reads VmRSS again after a pause. A few rounds show whether
memory returns or keeps growing. TcpIdleTimeoutMs is raised so the program does not close them itself.

  benchmarks/e2e/tcp-idle-memory.py [--dll path/HomeFilter.dll] [--connections 500] [--rounds 3] [--query]
"""
import argparse, os, shutil, socket, struct, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_tcp(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("the program exited with %d before serving" % process.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(struct.pack(">HHHHHHH", 12, 1, 0x0100, 0, 0, 0, 0))
                s.settimeout(5)
                if len(s.recv(64)) >= 14:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit("no TCP answer within %d s" % seconds)


def open_connections(port, count, per_address, query):
    sockets = []
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind(("127.0.0.%d" % (2 + i // per_address), 0))
        s.connect(("127.0.0.1", port))
        if query:
            s.sendall(struct.pack(">HHHHHHH", 12, i & 0xFFFF, 0x0100, 0, 0, 0, 0))
            s.settimeout(10)
            if len(s.recv(64)) < 14:
                sys.exit("connection %d got no answer" % i)
        sockets.append(s)
    return sockets


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dll", help="a published HomeFilter.dll (default: publish this checkout, Release)")
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--per-address", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait before each reading")
    parser.add_argument("--query", action="store_true", help="send one query on each connection before it idles")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="hf-tcp-idle-")
    dll = args.dll
    if dll is None:
        out = os.path.join(scratch, "publish")
        subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "HomeFilter"), "-c", "Release", "-o", out],
                       check=True, stdout=subprocess.DEVNULL)
        dll = os.path.join(out, "HomeFilter.dll")

    port = free_port()
    data = os.path.join(scratch, "data")
    cmd = ["dotnet", dll, "--listen", "127.0.0.1:%d" % port, "--upstream", "127.0.0.1:9", "--data", data,
           "--HomeFilter:Admin:Enabled=false", "--HomeFilter:Dns:TcpIdleTimeoutMs=600000",
           "--HomeFilter:QueryLog:Enabled=false"]
    log = open(os.path.join(scratch, "program.log"), "w")
    process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=scratch)
    try:
        wait_for_tcp(port, process)
        time.sleep(args.settle)
        start = rss_mib(process.pid)
        print("program: %s" % dll)
        print("connections per round: %d (%d per source address), query on each: %s" % (args.connections, args.per_address, args.query))
        print("VmRSS at start: %.1f MiB" % start)
        print("round | VmRSS open | per connection | VmRSS after close")
        for round_number in range(1, args.rounds + 1):
            before = rss_mib(process.pid)
            sockets = open_connections(port, args.connections, args.per_address, args.query)
            time.sleep(args.settle)
            opened = rss_mib(process.pid)
            for s in sockets:
                s.close()
            time.sleep(args.settle)
            closed = rss_mib(process.pid)
            per = (opened - before) * 1024.0 / args.connections
            print("%5d | %8.1f MiB | %9.1f KiB | %8.1f MiB" % (round_number, opened, per, closed))
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Reloads under query load: dnsperf sends RATE queries a second to HomeFilter on the real lists while a list is
changed and the policy reloaded RELOADS times in a row (each a full rebuild from text, since a list changed), then
the same length of load without reloads. Reports sent, completed, lost, SERVFAIL and latency percentiles of both.

  benchmarks/e2e/reload-under-load.py [--no-publish] [--reloads 50] [--rate 2000]
Needs dnsperf (apt-get install -y dnsperf) and dnsmasq; shares its setup with rules-memory.py.
"""
import argparse, importlib.util, json, os, re, shutil, subprocess, tempfile, threading, time, urllib.error, urllib.request

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("rules_memory", os.path.join(here, "rules-memory.py"))
rm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rm)
TOKEN = "bench-token-0123456789abcdef"


def reload(port):
    """POST /api/policy/reload; the admin API may come up a moment after DNS, so a refused connection is retried."""
    for _ in range(300):
        try:
            request = urllib.request.Request("http://127.0.0.1:%d/api/policy/reload" % port, method="POST", data=b"", headers={"Authorization": "Bearer " + TOKEN})
            return urllib.request.urlopen(request, timeout=120).read()
        except urllib.error.URLError as e:
            if not isinstance(e.reason, ConnectionRefusedError):
                raise
            time.sleep(0.1)
    raise SystemExit("the admin API did not answer")


def dnsperf(port, queries, rate, seconds):
    out = subprocess.run(["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-Q", str(rate), "-l", str(seconds), "-c", "4", "-t", "2", "-v"],
                         capture_output=True, text=True).stdout
    latencies = sorted(float(m) for m in re.findall(r"^> \S+ \S+ \S+ ([0-9.]+)$", out, re.M))
    servfail = len(re.findall(r"^> SERVFAIL ", out, re.M))

    def grab(label):
        m = re.search(label + r":\s+(\d+)", out)
        return int(m.group(1)) if m else -1

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000 if latencies else float("nan")

    return "sent %d, completed %d, lost %d, SERVFAIL %d; latency p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms" % (
        grab("Queries sent"), grab("Queries completed"), grab("Queries lost"), servfail, pct(0.5), pct(0.99), pct(0.999), latencies[-1] * 1000 if latencies else float("nan"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--publish", default="/tmp/homefilter-publish-rules")
    parser.add_argument("--no-publish", action="store_true")
    parser.add_argument("--reloads", type=int, default=50)
    parser.add_argument("--rate", type=int, default=2000)
    parser.add_argument("--upstream-port", type=int, default=5382)
    parser.add_argument("--port", type=int, default=5381)
    parser.add_argument("--admin-port", type=int, default=5383)
    args = parser.parse_args()
    args.env, args.memory = [], "Native"
    if not args.no_publish:
        subprocess.run(["dotnet", "publish", os.path.join(rm.ROOT, "src", "HomeFilter"), "-c", "Release", "-o", args.publish], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="homefilter-reloadload-")
    lists = os.path.join(work, "lists")
    shutil.copytree(rm.LISTS, lists)
    categories = {}
    for folder, _, files in sorted(os.walk(lists)):
        for name in sorted(files):
            if "liste_blanche" in name or "-ip" in name or name.endswith(".md"):
                continue
            categories.setdefault(rm.category(name), []).append(os.path.join(folder, name))
    data = os.path.join(work, "data")
    os.makedirs(data)
    json.dump({"categories": {k: {"sources": v} for k, v in categories.items()}, "default": {"block": sorted(categories)}}, open(os.path.join(data, "policy.json"), "w"))
    blocked = rm.listed_name(os.path.join(lists, "ut1", "gambling.txt"))
    queries = os.path.join(work, "queries")
    with open(queries, "w") as f:
        for i in range(5000):
            f.write("host%d.example.bench A\n" % i if i % 5 else "%s A\n" % blocked)
    dnsmasq = subprocess.Popen(["dnsmasq", "--no-daemon", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1",
                                "--port=%d" % args.upstream_port, "--address=/#/192.0.2.1", "--cache-size=0", "--log-facility=-", "--quiet-dhcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("machine: nproc=%d load=%s; %d reloads, %d queries/s" % (os.cpu_count(), open("/proc/loadavg").read().split()[:3], args.reloads, args.rate))
    run = rm.Run(args, data, args.port, args.admin_port, "homefilter")
    try:
        run.first_filtered(blocked)
        times = []

        def reloads():
            for i in range(args.reloads):
                with open(os.path.join(lists, "ut1", "gambling.txt"), "a") as f:
                    f.write("reload-%d.example\n" % i)
                start = time.monotonic()
                reload(args.admin_port)
                times.append(time.monotonic() - start)

        # Rebuild time decides how long the reload run lasts: measure one first, then load for all of them.
        started = time.monotonic()
        reloader = threading.Thread(target=reloads)
        with open(os.path.join(lists, "ut1", "gambling.txt"), "a") as f:
            f.write("warmup.example\n")
        seconds = 0
        load = {}

        def measure(key, length):
            load[key] = dnsperf(args.port, queries, args.rate, length)

        reload(args.admin_port)  # the first rebuild also warms the code; time the second
        with open(os.path.join(lists, "ut1", "gambling.txt"), "a") as f:
            f.write("warmup-2.example\n")
        probe = time.monotonic()
        reload(args.admin_port)
        seconds = int((time.monotonic() - probe) * args.reloads * 1.3) + 10
        print("one rebuild %.1f s; each load run %d s" % (time.monotonic() - probe, seconds))
        time.sleep(5)
        loader = threading.Thread(target=measure, args=("with", seconds))
        loader.start()
        reloader.start()
        reloader.join()
        loader.join()
        print("with %d reloads (%.1f s each, median): %s" % (len(times), sorted(times)[len(times) // 2], load["with"]))
        status = rm.status(run.process.pid)
        print("RSS after the reloads: %s" % rm.fmt(status))
        time.sleep(5)
        measure("without", seconds)
        print("without reloads: %s" % load["without"])
    finally:
        run.stop()
        dnsmasq.terminate()
        dnsmasq.wait()
    print("log in " + work)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Start time and memory of the whole program on the real lists.

Starts the published HomeFilter four ways and reads /proc/PID/status (VmRSS, VmHWM, RssAnon, RssFile):
  empty   no lists at all (the bundled bypass lists only), admin on
  text    a policy naming every real name list (copied to a scratch folder), no rules.bin: parse and build
  binary  the same again, now starting from the rules.bin the text start wrote
  reload  in the binary-started process, a list is appended to (the watcher rebuilds): RSS sampled every 20 ms
Start time is from the spawn of the process to the first filtered answer (a listed name answered as blocked),
polling on loopback every 10 ms. dnsmasq on loopback is the upstream (every name answers 192.0.2.1).

  benchmarks/e2e/rules-memory.py [--no-publish] [--runs N] [--env NAME=VALUE ...] [--memory Native|Pinned|Mapped]
"""
import argparse, gzip, json, os, random, re, shutil, socket, struct, subprocess, sys, tempfile, time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LISTS = os.path.abspath(os.path.join(ROOT, "..", "shared", "data", "real", "blocklists"))
KEYWORDS = ["porn|nsfw|adult|sex|lingerie|dating", "gambling|arjel", "social|facebook|tiktok|twitter|youtube|instagram|chat",
            "phishing|scam|fake|malware|ransomware|tif|cryptojacking|stalkerware|ddos", "doh|vpn|proxy|proxies|tor|bypass|relay|encrypted",
            "piracy|warez|download|filehosting", "crypto|bitcoin", "ads|popup|publicite|marketing", "shortener|urlshortener|redirector",
            "drugs|drogue", "games|gaming", "multi|pro", "dyndns|dynamic", "hoster|webhosting"]


def category(name):
    for i, words in enumerate(KEYWORDS):
        if re.search(words, name):
            return "c%d" % i
    return "other"


def query(port, name, timeout=0.2):
    """One A query over UDP; (rcode, first A address or None), or None without an answer."""
    qid = random.randrange(65536)
    packet = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + b"".join(bytes([len(l)]) + l.encode() for l in name.split(".")) + b"\0" + struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        try:
            s.sendto(packet, ("127.0.0.1", port))
            data = s.recv(4096)
        except OSError:
            return None
    rcode = data[3] & 0x0F
    answers = struct.unpack(">H", data[6:8])[0]
    pos = 12
    while data[pos] != 0:
        pos += 1 + data[pos]
    pos += 5
    for _ in range(answers):
        if data[pos] & 0xC0 == 0xC0:
            pos += 2
        else:
            while data[pos] != 0:
                pos += 1 + data[pos]
            pos += 1
        rtype, _, _, length = struct.unpack(">HHIH", data[pos:pos + 10])
        pos += 10
        if rtype == 1:
            return rcode, socket.inet_ntoa(data[pos:pos + 4])
        pos += length
    return rcode, None


def status(pid):
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem"):
                fields[key] = int(value.split()[0]) / 1024.0
    return fields


class Run:
    def __init__(self, args, data, port, admin, label):
        self.log = open(os.path.join(data, "..", label + ".log"), "w")
        env = dict(os.environ)
        for item in args.env:
            k, _, v = item.partition("=")
            env[k] = v
        cmd = ["dotnet", os.path.join(args.publish, "HomeFilter.dll"), "--listen", "127.0.0.1:%d" % port, "--upstream", "127.0.0.1:%d" % args.upstream_port,
               "--data", data, "--HomeFilter:Admin:Listen=http://127.0.0.1:%d" % admin, "--HomeFilter:Admin:Token=bench-token-0123456789abcdef",
               "--HomeFilter:Policy:RulesFileMemory=" + args.memory]
        self.started = time.monotonic()
        self.process = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        self.port = port

    def first_filtered(self, name, limit=60):
        while time.monotonic() - self.started < limit:
            if self.process.poll() is not None:
                raise SystemExit("HomeFilter exited (%d); see its log" % self.process.returncode)
            answer = query(self.port, name, 0.05)
            if answer is not None:
                return time.monotonic() - self.started, answer
            time.sleep(0.01)
        raise SystemExit("no answer within %d s" % limit)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def listed_name(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith(("#", "!")) and re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", line):
                return line
    raise SystemExit("no plain name in " + path)


def log_names(path):
    text = open(path).read()
    found = re.findall(r"Rules generation \d+ from .*?: \d+ groups, (\d+) names", text)
    return int(found[-1]) if found else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--publish", default="/tmp/homefilter-publish-rules")
    parser.add_argument("--no-publish", action="store_true")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--env", action="append", default=[])
    parser.add_argument("--memory", default="Native")
    parser.add_argument("--empty-only", action="store_true", help="only the run without lists")
    parser.add_argument("--idle", type=float, default=8.0, help="seconds to wait before reading the steady RSS")
    parser.add_argument("--upstream-port", type=int, default=5382)
    parser.add_argument("--port", type=int, default=5381)
    parser.add_argument("--admin-port", type=int, default=5383)
    args = parser.parse_args()

    if not args.no_publish:
        subprocess.run(["dotnet", "publish", os.path.join(ROOT, "src", "HomeFilter"), "-c", "Release", "-o", args.publish], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="homefilter-rulesmem-")
    lists = os.path.join(work, "lists")
    shutil.copytree(LISTS, lists)
    categories = {}
    for folder, _, files in sorted(os.walk(lists)):
        for name in sorted(files):
            if "liste_blanche" in name or "-ip" in name or name.endswith(".md"):
                continue
            categories.setdefault(category(name), []).append(os.path.join(folder, name))
    policy = {"categories": {k: {"sources": v} for k, v in categories.items()}, "default": {"block": sorted(categories)}}
    blocked = listed_name(os.path.join(lists, "ut1", "gambling.txt"))
    dnsmasq = subprocess.Popen(["dnsmasq", "--no-daemon", "--keep-in-foreground", "--no-resolv", "--no-hosts", "--bind-interfaces", "--listen-address=127.0.0.1",
                                "--port=%d" % args.upstream_port, "--address=/#/192.0.2.1", "--cache-size=0", "--log-facility=-", "--quiet-dhcp"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("machine: nproc=%d load=%s; env=%s memory=%s; listed name %s" % (os.cpu_count(), open("/proc/loadavg").read().split()[:3], args.env, args.memory, blocked))
    try:
        for run in range(args.runs):
            empty = os.path.join(work, "empty-%d" % run, "data")
            os.makedirs(empty)
            r = Run(args, empty, args.port, args.admin_port, "empty-%d" % run)
            took, answer = r.first_filtered("example.com")
            time.sleep(args.idle)
            idle = status(r.process.pid)
            r.stop()
            print("empty : first answer %.3f s %s; idle %s" % (took, answer, fmt(idle)))
            if args.empty_only:
                continue

            data = os.path.join(work, "lists-%d" % run, "data")
            os.makedirs(data)
            json.dump(policy, open(os.path.join(data, "policy.json"), "w"))
            r = Run(args, data, args.port, args.admin_port, "text-%d" % run)
            took, answer = r.first_filtered(blocked)
            time.sleep(args.idle)
            text = status(r.process.pid)
            r.stop()
            names = log_names(r.log.name)
            print("text  : first filtered answer %.3f s %s; steady %s; %d names; delta %.1f B/name" % (took, answer, fmt(text), names, delta(text, idle, names)))

            r = Run(args, data, args.port, args.admin_port, "binary-%d" % run)
            took, answer = r.first_filtered(blocked)
            time.sleep(args.idle)
            binary = status(r.process.pid)
            print("binary: first filtered answer %.3f s %s; steady %s; delta %.1f B/name" % (took, answer, fmt(binary), delta(binary, idle, names)))

            # Reload: a list changes, the watcher rebuilds from the lists; sample until two idle periods have passed.
            with open(os.path.join(lists, "ut1", "gambling.txt"), "a") as f:
                f.write("reload-%d.example\n" % run)
            peak, start = 0.0, time.monotonic()
            while time.monotonic() - start < 40:  # the build, then both collections after it (2 s and 32 s)
                peak = max(peak, status(r.process.pid)["VmRSS"])
                time.sleep(0.02)
            after = status(r.process.pid)
            filtered = query(args.port, "reload-%d.example" % run, 1.0)
            r.stop()
            print("reload: peak sampled %.1f MB (%.2f x steady), VmHWM %.1f MB; after %s; new entry answered %s" % (peak, peak / binary["VmRSS"], after["VmHWM"], fmt(after), filtered))
    finally:
        dnsmasq.terminate()
        dnsmasq.wait()
    print("logs in " + work)


def fmt(s):
    return "VmRSS %.1f MB (anon %.1f, file %.1f, shmem %.1f), VmHWM %.1f MB" % (s["VmRSS"], s["RssAnon"], s["RssFile"], s["RssShmem"], s["VmHWM"])


def delta(loaded, empty, names):
    return (loaded["VmRSS"] - empty["VmRSS"]) * 1024 * 1024 / names if names else 0.0


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Figures from one dnsperf 2.x output file, as shell words.

  dnsperf_stats.py summary FILE  -> "qps avg_ms lost_pct nx_pct err_pct"   (dnsperf's own summary)
  dnsperf_stats.py latency FILE  -> "avg_ms p50_ms p99_ms answered timeouts" from the per-query lines
                                    that `dnsperf -v` prints ("> RCODE name TYPE seconds"; "> T name TYPE"
                                    for a query that timed out, left out of the percentiles and counted)
dnsperf has no percentile option, hence the per-query lines. A missing figure prints as "-".
"""
import re, sys


def summary(path):
    qps = avg = lost = None
    codes = {}
    with open(path, errors="replace") as f:
        for line in f:
            s = line.strip()
            if s.startswith("Queries per second:"):
                qps = float(s.split()[3])
            elif s.startswith("Average Latency (s):"):
                avg = float(s.split()[3]) * 1000
            elif s.startswith("Queries lost:"):
                m = re.search(r"\(([\d.]+)%\)", s)
                lost = float(m.group(1)) if m else None
            elif s.startswith("Response codes:"):
                for name, pct in re.findall(r"([A-Z]+) \d+ \(([\d.]+)%\)", s):
                    codes[name] = float(pct)
    nx = codes.get("NXDOMAIN", 0.0)
    err = max(0.0, 100.0 - nx - codes.get("NOERROR", 0.0)) if codes else None
    fmt = lambda v, p: "-" if v is None else ("%." + str(p) + "f") % v
    print(fmt(qps, 0), fmt(avg, 3), fmt(lost, 2), fmt(nx if codes else None, 2), fmt(err, 2))


def latency(path):
    lat = []
    timeouts = 0
    with open(path, errors="replace") as f:
        for line in f:
            if not line.startswith("> "):
                continue
            parts = line.split()
            if parts[1] == "T":
                timeouts += 1
                continue
            try:
                lat.append(float(parts[-1]) * 1000)
            except ValueError:
                continue
    if not lat:
        print("- - - 0", timeouts)
        return
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, max(0, int(len(lat) * q + 0.5) - 1))]
    print("%.3f %.3f %.3f %d %d" % (sum(lat) / len(lat), pick(0.50), pick(0.99), len(lat), timeouts))


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("summary", "latency"):
        sys.exit("usage: dnsperf_stats.py summary|latency FILE")
    (summary if sys.argv[1] == "summary" else latency)(sys.argv[2])

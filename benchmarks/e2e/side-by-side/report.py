#!/usr/bin/env python3
"""Rows of the side-by-side benchmark: collect them, then print one markdown table and write CSV/JSON.

  report.py add ROWS.jsonl key=value ...         append one row (numbers stay numbers, "-" is null)
  report.py render ROWS.jsonl OUTDIR HEADER.txt  markdown table to stdout; OUTDIR/results.{md,csv,json}
"""
import csv, json, os, sys

# (key, markdown heading); the CSV and JSON use the keys
COLUMNS = [
    ("server", "server"), ("list", "list"), ("mix", "mix"),
    ("load_s", "load s"), ("rss_mb", "RSS MB"), ("hwm_mb", "HWM MB"),
    ("qps", "q/s (median)"), ("qps_runs", "q/s runs"), ("cpu_pct", "server CPU %"),
    ("qps_per_core", "q/s per core"),
    ("lat2k_avg_ms", "avg ms @2k"), ("lat2k_p99_ms", "p99 ms @2k"),
    ("half_qps", "half-peak q/s"), ("half_avg_ms", "avg ms @half"), ("half_p99_ms", "p99 ms @half"),
    ("lost_pct", "lost %"), ("nx_pct", "NXDOMAIN %"), ("err_pct", "other rcodes %"),
    ("cli_pct", "dnsperf CPU %"), ("other_pct", "other CPU %"), ("correct", "spot checks"),
]


def value(v):
    if v in ("", "-"):
        return None
    try:
        f = float(v)
        return int(f) if f.is_integer() and "." not in v else f
    except ValueError:
        return v


def add(path, pairs):
    row = {}
    for p in pairs:
        k, _, v = p.partition("=")
        row[k] = value(v)
    with open(path, "a") as f:
        f.write(json.dumps(row) + "\n")


def cell(v):
    if v is None:
        return "–"
    if isinstance(v, int) and abs(v) >= 10000:
        return "{:,}".format(v)
    return str(v)


def render(path, outdir, header_path):
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            rows = [json.loads(l) for l in f if l.strip()]
    with open(header_path) as f:
        header = f.read().rstrip("\n")
    md = [header, "",
          "| " + " | ".join(h for _, h in COLUMNS) + " |",
          "|" + "|".join("---" if k in ("server", "mix", "qps_runs", "correct") else "---:" for k, _ in COLUMNS) + "|"]
    for r in rows:
        md.append("| " + " | ".join(cell(r.get(k)) for k, _ in COLUMNS) + " |")
    text = "\n".join(md) + "\n"
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.md"), "w") as f:
        f.write(text)
    with open(os.path.join(outdir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow([k for k, _ in COLUMNS])
        for r in rows:
            w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in COLUMNS])
    with open(os.path.join(outdir, "results.json"), "w") as f:
        json.dump({"header": header.splitlines(), "rows": rows}, f, indent=1)
    sys.stdout.write(text)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "add":
        add(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 5 and sys.argv[1] == "render":
        render(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)

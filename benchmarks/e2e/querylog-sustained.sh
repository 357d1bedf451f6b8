#!/usr/bin/env bash
# Sustained query logging: dnsperf sends RATE queries per second for SECONDS seconds to HomeFilter (query log on,
# SQLite), then the admin API says how many entries were queued, dropped, stored and lost. dnsmasq on loopback
# is the upstream (it answers every *.bench name itself), so the run needs no network.
#   benchmarks/e2e/querylog-sustained.sh [RATE] [SECONDS]      e.g. benchmarks/e2e/querylog-sustained.sh 20000 60
set -euo pipefail
rate=${1:-20000}
seconds=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/homefilter-qlbench-XXXX)
out=${PUBLISH_DIR:-/tmp/homefilter-publish}
token=bench-token-0123456789abcdef
dns_port=${DNS_PORT:-5391}
upstream_port=${UPSTREAM_PORT:-5392}
admin_port=${ADMIN_PORT:-5393}
cleanup() { kill "${hf:-}" "${dm:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

dotnet publish "$root/src/HomeFilter" -c Release -o "$out" >/dev/null
dnsmasq --no-daemon --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 \
  --port="$upstream_port" --address=/bench/192.0.2.1 --cache-size=0 --log-facility=- --quiet-dhcp >/dev/null 2>&1 &
dm=$!
# 5,000 distinct names: mostly cache hits after the first round, like a household; every query is logged.
python3 -c "
for i in range(5000):
    print(f'host{i}.example.bench A')
" > "$work/queries"
dotnet "$out/HomeFilter.dll" --listen "127.0.0.1:$dns_port" --upstream "127.0.0.1:$upstream_port" --data "$work/data" \
  --HomeFilter:Admin:Listen="http://127.0.0.1:$admin_port" --HomeFilter:Admin:Token="$token" --HomeFilter:RateLimit:Enabled=false \
  --Serilog:MinimumLevel:Default=Warning >"$work/homefilter.log" 2>&1 &
hf=$!
for _ in $(seq 100); do dig +short +time=1 +tries=1 -p "$dns_port" @127.0.0.1 host0.example.bench >/dev/null 2>&1 && break; sleep 0.2; done
status() { curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$admin_port/api/querylog/status"; }
# The admin may bind after DNS answers.
for _ in $(seq 100); do status >/dev/null 2>&1 && break; sleep 0.2; done
before=$(status)
dnsperf -s 127.0.0.1 -p "$dns_port" -d "$work/queries" -Q "$rate" -l "$seconds" -c 8 -q 500 | tee "$work/dnsperf.txt" | grep -E "Queries (sent|completed|lost)|Queries per second"
sleep 3 # two flush intervals and then some
after=$(status)
echo "before: $before"
echo "after:  $after"
python3 - "$before" "$after" "$work/dnsperf.txt" <<'PY'
import json, re, sys
before, after = json.loads(sys.argv[1]), json.loads(sys.argv[2])
text = open(sys.argv[3]).read()
completed = int(re.search(r"Queries completed:\s+(\d+)", text).group(1))
queued = after["queued"] - before["queued"]
stored = after["stored"] - before["stored"]
print(f"dnsperf completed {completed}; log queued {queued}, dropped {after['dropped'] - before['dropped']}, stored {stored}, lost {after['lost'] - before['lost']}; rows {after['store']['rows']}")
print("LOSSLESS" if after["dropped"] == before["dropped"] and after["lost"] == before["lost"] and stored >= completed else "ENTRIES LOST")
PY

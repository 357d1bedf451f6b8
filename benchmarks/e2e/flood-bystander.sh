#!/usr/bin/env bash
# Fairness under a flood: one client (127.0.0.2) sends cache misses as fast as it can (or FLOOD_RATE per second) while
# a neighbour in its /24 (127.0.0.3) asks a cached name 50 times a second; prints the neighbour's latency with the
# rate limit off and then on (defaults), in the same run, after a run without the flood (the machine's own noise). dnsmasq on loopback answers every *.bench name (TTL 300: the neighbour's name stays cached; every flood name is new), so no
# network is needed. Settings as shipped otherwise (query log on).
#   benchmarks/e2e/flood-bystander.sh [SECONDS] [FLOOD_RATE]      e.g. benchmarks/e2e/flood-bystander.sh 30
set -euo pipefail
seconds=${1:-30}
flood_rate=${2:-0}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/homefilter-flood-XXXX)
out=${PUBLISH_DIR:-/tmp/homefilter-publish-flood}
dns_port=${DNS_PORT:-5394}
upstream_port=${UPSTREAM_PORT:-5395}
cleanup() { kill "${hf:-}" "${dm:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

dotnet publish "$root/src/HomeFilter" -c Release -o "$out" >/dev/null
dnsmasq --no-daemon --keep-in-foreground --no-resolv --no-hosts --bind-interfaces --listen-address=127.0.0.1 \
  --port="$upstream_port" --address=/bench/192.0.2.1 --local-ttl=300 --cache-size=0 --log-facility=- --quiet-dhcp >/dev/null 2>&1 &
dm=$!

run() {
  local label=$1 enabled=$2 rate=${3:-$flood_rate} extra=${4:-}
  rm -rf "$work/data"
  dotnet "$out/HomeFilter.dll" --listen "127.0.0.1:$dns_port" --upstream "127.0.0.1:$upstream_port" --data "$work/data" \
    --HomeFilter:Admin:Enabled=false --HomeFilter:RateLimit:Enabled="$enabled" $extra \
    --Serilog:MinimumLevel:Default=Warning >"$work/homefilter-$label.log" 2>&1 &
  hf=$!
  for _ in $(seq 150); do dig +short +time=1 +tries=1 -p "$dns_port" @127.0.0.1 cached.bench >/dev/null 2>&1 && break; sleep 0.2; done
  # Cached from here on (the bystander's name).
  dig +short -p "$dns_port" @127.0.0.1 cached.bench >/dev/null
  printf '%-18s %s\n' "$label" "$(python3 "$root/benchmarks/e2e/flood-bystander.py" "$dns_port" "$seconds" "$rate")"
  kill "$hf"; wait "$hf" 2>/dev/null || true; hf=
}

echo "bystander (127.0.0.3, 50 q/s, cached name) while 127.0.0.2 floods misses for ${seconds}s; flood rate ${flood_rate:-0} (0: as fast as it can)"
run "no flood" true -1
run "rate limit off" false
# The rates off, only the per-client cap on queries waiting on upstreams.
run "in-flight cap only" true "" "--HomeFilter:RateLimit:QueriesPerSecond=0 --HomeFilter:RateLimit:NetworkQueriesPerSecond=0"
run "rate limit on" true

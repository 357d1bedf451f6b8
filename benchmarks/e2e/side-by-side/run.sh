#!/usr/bin/env bash
# Side-by-side benchmark: HomeFilter beside the DNS resolvers people already run, doing the same job on one
# machine: block a list (every entry and its subdomains), forward the rest to an upstream, cache.
# Self-contained: needs only this repository, Debian's packages and the .NET SDK. README.md beside this
# file describes the method; `run.sh --help` the options.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"

usage() {
  cat <<EOF
usage: benchmarks/e2e/side-by-side/run.sh [options]
  --quick               smoke run: 100k list, 5 s runs, 1 throughput run, short fixed-rate runs
  --servers LIST        comma-separated, in order (default: $DEFAULT_SERVERS)
  --mix LIST            zipf, miss or zipf,miss (default: zipf,miss)
  --sizes LIST          list sizes (default: 1000000,100000; --quick: 100000)
  --duration S          seconds per uncapped throughput run (default 20; --quick 5)
  --repeats R           throughput runs per server and mix, median reported (1..5, default 3; --quick 1)
  --out DIR             results and logs (default: artifacts/side-by-side/run-<UTC time>)
  --no-install          do not apt-get missing packages
  --no-publish          reuse the HomeFilter publish output instead of running dotnet publish
Knobs (environment): SERVER_CPUS=1 CLIENT_CPUS=0 (taskset lists; the upstream runs with the client),
  LAT_QPS=2000 LAT_DURATION=10 CLIENTS=10 OUTSTANDING=200 LOAD_TIMEOUT=300 QUIET_MAX=25 QUIET_WAIT=45
  WARM_LIMIT=90 (longest warm-up pass, s)
  PEER_THREADS=1 DNSMASQ_CACHE=10000 LISTEN_PORT=5394 UP_PORT=5395 QUERIES=300000 MISS_QUERIES=1000000
  DATA=artifacts/side-by-side/data PUBLISH=artifacts/side-by-side/publish
Servers: homefilter (query log on, the default), homefilter-nolog (--HomeFilter:QueryLog:Enabled=false),
  unbound, dnsdist, pdns-recursor, kresd, dnsmasq.
EOF
}

DEFAULT_SERVERS=homefilter,homefilter-nolog,unbound,dnsdist,pdns-recursor,kresd,dnsmasq
SERVERS=$DEFAULT_SERVERS MIXES=zipf,miss SIZES= DURATION= REPEATS= OUT= INSTALL=1 PUBLISH_STEP=1 QUICK=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --servers) SERVERS=${2:?--servers needs a list}; shift ;;
    --mix) MIXES=${2:?--mix needs zipf, miss or both}; shift ;;
    --sizes) SIZES=${2:?--sizes needs a list}; shift ;;
    --duration) DURATION=${2:?}; shift ;;
    --repeats) REPEATS=${2:?}; shift ;;
    --out) OUT=${2:?}; shift ;;
    --no-install) INSTALL=0 ;;
    --no-publish) PUBLISH_STEP=0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ $QUICK = 1 ]; then
  SIZES=${SIZES:-100000} DURATION=${DURATION:-5} REPEATS=${REPEATS:-1}
  LAT_DURATION=${LAT_DURATION:-5} MISS_QUERIES=${MISS_QUERIES:-200000} QUIET_WAIT=${QUIET_WAIT:-10} WARM_LIMIT=${WARM_LIMIT:-20}
fi
SIZES=${SIZES:-1000000,100000} DURATION=${DURATION:-20} REPEATS=${REPEATS:-3}
LAT_QPS=${LAT_QPS:-2000} LAT_DURATION=${LAT_DURATION:-10} CLIENTS=${CLIENTS:-10} OUTSTANDING=${OUTSTANDING:-200}
LOAD_TIMEOUT=${LOAD_TIMEOUT:-300} WARM_LIMIT=${WARM_LIMIT:-90} QUIET_MAX=${QUIET_MAX:-25} QUIET_WAIT=${QUIET_WAIT:-45}
SERVER_CPUS=${SERVER_CPUS-1} CLIENT_CPUS=${CLIENT_CPUS-0} PEER_THREADS=${PEER_THREADS:-1}
DNSMASQ_CACHE=${DNSMASQ_CACHE:-10000} QUERIES=${QUERIES:-300000} MISS_QUERIES=${MISS_QUERIES:-1000000}
LISTEN_ADDR=127.0.0.1 LISTEN_PORT=${LISTEN_PORT:-5394} UP_ADDR=127.0.0.2 UP_PORT=${UP_PORT:-5395}
DATA=${DATA:-$ROOT/artifacts/side-by-side/data} PUBLISH=${PUBLISH:-$ROOT/artifacts/side-by-side/publish}
OUT=${OUT:-$ROOT/artifacts/side-by-side/run-$(date -u +%Y%m%dT%H%M%SZ)}
UP_A=198.18.0.1 UP_AAAA=2001:2::1 SEED=20240601
CLK_TCK=$(getconf CLK_TCK)
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
IFS=, read -r -a MIX_LIST <<<"$MIXES"
IFS=, read -r -a SERVER_LIST <<<"$SERVERS"
case $REPEATS in [1-5]) ;; *) echo "--repeats must be 1..5" >&2; exit 2 ;; esac
for m in "${MIX_LIST[@]}"; do case $m in zipf|miss) ;; *) echo "unknown mix: $m (zipf, miss)" >&2; exit 2 ;; esac; done
for s in "${SERVER_LIST[@]}"; do
  case $s in homefilter|homefilter-nolog|unbound|dnsdist|pdns-recursor|kresd|dnsmasq) ;;
    *) echo "unknown server: $s (see --help)" >&2; exit 2 ;; esac
done

pin_c() { if [ -n "$CLIENT_CPUS" ]; then taskset -c "$CLIENT_CPUS" "$@"; else "$@"; fi; }
log() { echo "[$(date +%T)] $*" >&2; }
now() { date +%s.%N; }
row() { python3 "$HERE/report.py" add "$OUT/rows.jsonl" "$@"; }

# ---------------------------------------------------------------- install
install_missing() {
  local need=() p
  for p in dnsperf nsd dnsmasq-base unbound dnsdist pdns-recursor knot-resolver bind9-dnsutils util-linux procps iproute2; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return
  [ $INSTALL = 0 ] && { log "missing packages (not installing, --no-install): ${need[*]}"; return; }
  local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  log "installing: ${need[*]}"
  # the packages' own services must not start (they would take port 53 and run as daemons)
  local prc=/usr/sbin/policy-rc.d made=0
  if [ ! -e $prc ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee $prc >/dev/null; $sudo chmod +x $prc; made=1; fi
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >"$OUT/apt.log" 2>&1
  local rc=$?
  [ $made = 1 ] && $sudo rm -f $prc
  [ $rc = 0 ] || { log "apt-get install failed, see $OUT/apt.log"; exit 1; }
}

# ---------------------------------------------------------------- process helpers
tree_pids() { local p=$1 c; echo "$p"; for c in $(ps -o pid= --ppid "$p" 2>/dev/null); do tree_pids "$c"; done; }
status_kb() { # field pid... -> sum of that /proc/PID/status field (kB)
  local f=$1; shift; local s=0 p v
  for p in "$@"; do v=$(awk -v f="$f:" '$1==f{print $2}' /proc/$p/status 2>/dev/null); s=$((s + ${v:-0})); done
  echo $s
}
cpu_ticks() { # pid... -> utime+stime (comm may hold spaces: cut after the last ')')
  local s=0 p v; for p in "$@"; do v=$(sed 's/.*) //' /proc/$p/stat 2>/dev/null | awk '{print $12+$13}'); s=$((s + ${v:-0})); done; echo $s; }
# busy ticks of all CPUs (user+nice+system) and the uptime in seconds, read together: under a heavy load every
# fork is slow, and a clock read apart from the counters would stretch or shrink the interval
sys_sample() { awk 'FNR==NR{if($1=="cpu")s=$2+$3+$4; next} {print s, $1; exit}' /proc/stat /proc/uptime; }
child_ticks() { # CPU of this shell's finished children (dnsperf); `times` must not run in a subshell
  times > "$OUT/.times"; awk -v hz="$CLK_TCK" 'NR==2{split($1,u,/[ms]/); split($2,y,/[ms]/); printf "%.0f", (u[1]*60+u[2]+y[1]*60+y[2])*hz}' "$OUT/.times"; }
pct() { awk -v t="$1" -v a="$2" -v b="$3" -v hz="$CLK_TCK" 'BEGIN{v=(b>a)?t/hz/(b-a)*100:0; if(v<0)v=0; printf "%.0f", v}'; }
other_busy() { # seconds pid... -> % of one core used by processes other than the upstream and the given pids
  local d=$1; shift; local a b c0 c1 t0 t1
  c0=$(cpu_ticks $(tree_pids "$UP_PID") "$@"); read -r a t0 < <(sys_sample); sleep "$d"
  read -r b t1 < <(sys_sample); c1=$(cpu_ticks $(tree_pids "$UP_PID") "$@")
  pct $((b - a - (c1 - c0))) "$t0" "$t1"
}
quiet_gate() { # wait (bounded) for the rest of the machine to go quiet; the measurement reports what it was anyway
  local waited=0 o
  while :; do
    o=$(other_busy 1 "$@")
    [ "$o" -le "$QUIET_MAX" ] && break
    [ "$waited" -ge "$QUIET_WAIT" ] && { log "machine still busy (other=${o}% of a core) after ${waited}s, measuring anyway"; break; }
    [ "$waited" = 0 ] && log "machine busy (other=${o}% of a core), waiting up to ${QUIET_WAIT}s"
    sleep 4; waited=$((waited + 5))
  done
}
port_busy() { ss -Hlnu "src $1:$2" 2>/dev/null | grep -q . ; }
stop_tree() { # TERM the tree, KILL what is left after 10 s
  local pids p i alive
  pids=$(tree_pids "$1")
  for p in $pids; do kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 100); do
    alive=0; for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.1
  done
  for p in $pids; do kill -KILL "$p" 2>/dev/null; done
  wait "$1" 2>/dev/null
  for i in $(seq 50); do port_busy "$LISTEN_ADDR" "$LISTEN_PORT" || break; sleep 0.2; done
}

# ---------------------------------------------------------------- dns helpers
dq() { # server port name type -> "STATUS ans,ans"
  local out st ans
  out=$(dig @"$1" -p "$2" +tries=1 +time=1 +noall +comments +answer "$3" "$4" 2>/dev/null)
  st=$(sed -n 's/.*status: \([A-Z]*\),.*/\1/p' <<<"$out" | head -1)
  ans=$(awk '$4=="A"||$4=="AAAA"{print $5}' <<<"$out" | sort | paste -sd, -)
  echo "${st:-TIMEOUT} ${ans:--}"
}
is_blocked() { # NXDOMAIN, or only 0.0.0.0 / :: answers
  local st=${1%% *} ans=${1#* }
  [ "$st" = NXDOMAIN ] && return 0
  [ "$st" = NOERROR ] && [ "$ans" != - ] && [ -z "$(tr ',' '\n' <<<"$ans" | grep -vxE '0\.0\.0\.0|::')" ]
}
is_allowed() { local st=${1%% *} ans=${1#* }; [ "$st" = NOERROR ] && grep -qE "(^|,)($UP_A|$UP_AAAA)(,|$)" <<<"$ans"; }
probe() { sed -n "s/^$1=//p" "$DATA/probes-$N.txt"; }

# ---------------------------------------------------------------- data
gen_data() {
  local n=$1 stamp="seed=$SEED queries=$QUERIES miss=$MISS_QUERIES gen=$(md5sum < "$HERE/gen.py" | cut -c1-12)"
  if [ "$(cat "$DATA/params-$n.txt" 2>/dev/null)" != "$stamp" ]; then
    log "generating data for a $n-domain list (seed $SEED)"
    python3 "$HERE/gen.py" -n "$n" --out "$DATA" --seed "$SEED" --queries "$QUERIES" --miss-queries "$MISS_QUERIES" >&2 || exit 1
    rm -f "$DATA/dnsmasq-$n.conf" "$DATA/unbound-$n.conf" "$DATA/rpz-$n.zone"
    echo "$stamp" > "$DATA/params-$n.txt"
  fi
  # each peer's own list form, written once before any timer (like a Pi-hole gravity build): not load time
  local bl="$DATA/blocklist-$n.txt"
  [ -s "$DATA/dnsmasq-$n.conf" ] || awk '{print "address=/" $1 "/"}' "$bl" > "$DATA/dnsmasq-$n.conf"
  [ -s "$DATA/unbound-$n.conf" ] || awk '{print "local-zone: \"" $1 ".\" always_nxdomain"}' "$bl" > "$DATA/unbound-$n.conf"
  [ -s "$DATA/rpz-$n.zone" ] || {
    printf '$TTL 60\n@ IN SOA localhost. root.localhost. 1 3600 600 86400 60\n  IN NS localhost.\n' > "$DATA/rpz-$n.zone"
    awk '{print $1 " CNAME ."; print "*." $1 " CNAME ."}' "$bl" >> "$DATA/rpz-$n.zone"; }
}

publish_homefilter() {
  command -v dotnet >/dev/null || { log "dotnet not found (the .NET 10 SDK runs HomeFilter)"; exit 1; }
  if [ $PUBLISH_STEP = 1 ] || [ ! -f "$PUBLISH/HomeFilter.dll" ]; then
    log "dotnet publish src/HomeFilter -c Release -o $PUBLISH"
    dotnet publish "$ROOT/src/HomeFilter" -c Release -o "$PUBLISH" >"$OUT/publish.log" 2>&1 \
      || { log "publish failed, see $OUT/publish.log"; exit 1; }
  fi
}

# ---------------------------------------------------------------- upstream (nsd)
UP_PID= CUR_PID=
start_upstream() {
  local d="$OUT/upstream" z i
  mkdir -p "$d"
  cat > "$d/nsd.conf" <<EOF
server:
  ip-address: $UP_ADDR@$UP_PORT
  server-count: 1
  username: ""
  chroot: ""
  zonesdir: "$d"
  database: ""
  zonelistfile: "$d/zone.list"
  xfrdfile: "$d/xfrd.state"
  xfrdir: "$d"
  pidfile: "$d/nsd.pid"
  logfile: "$d/nsd.log"
  verbosity: 0
  hide-version: yes
  refuse-any: yes
  round-robin: no
  rrl-ratelimit: 0
  rrl-whitelist-ratelimit: 0
remote-control:
  control-enable: no
EOF
  while read -r z; do
    printf '$ORIGIN %s.\n$TTL 3600\n@ IN SOA ns.bench-upstream. hostmaster.bench-upstream. 1 3600 600 86400 3600\n@ IN NS ns.bench-upstream.\n* IN A %s\n* IN AAAA %s\n' \
      "$z" "$UP_A" "$UP_AAAA" > "$d/$z.zone"
    printf 'zone:\n  name: "%s"\n  zonefile: "%s.zone"\n' "$z" "$z" >> "$d/nsd.conf"
  done < "$DATA/zones.txt"
  nsd-checkconf "$d/nsd.conf" || exit 1
  # taskset called directly (not through pin_c) so that $! is nsd itself, not a subshell
  if [ -n "$CLIENT_CPUS" ]; then taskset -c "$CLIENT_CPUS" nsd -d -c "$d/nsd.conf" >"$d/stdout.log" 2>&1 &
  else nsd -d -c "$d/nsd.conf" >"$d/stdout.log" 2>&1 & fi
  UP_PID=$!
  for i in $(seq 100); do is_allowed "$(dq "$UP_ADDR" "$UP_PORT" probe.upstream.com A)" && break; sleep 0.1; done
  is_allowed "$(dq "$UP_ADDR" "$UP_PORT" probe.upstream.com A)" || { log "upstream nsd did not come up, see $d"; exit 1; }
  log "upstream nsd (pid $UP_PID) on $UP_ADDR:$UP_PORT"
}

# ---------------------------------------------------------------- servers
# Each server_<name> writes its config into $W and runs the server in the foreground; it is exec'd
# pinned to SERVER_CPUS, so the launched pid is the server's. Vars: W N BL DATA PUBLISH and the addresses.
server_homefilter() {
  # One category holding the list (no policy file); admin off, like the peers (none serves a dashboard);
  # warnings only; the query log stays ON (its default), writing to $W/data. dnsperf is one client sending far more
  # than any device would, so the per-client rate limit is off (the peers have none configured either).
  cd "$W" && exec dotnet "$PUBLISH/HomeFilter.dll" --listen "$LISTEN_ADDR:$LISTEN_PORT" --upstream "$UP_ADDR:$UP_PORT" \
    --data "$W/data" --HomeFilter:Admin:Enabled=false --HomeFilter:Blocklists:bench:0="$BL" --HomeFilter:RateLimit:Enabled=false \
    --Serilog:MinimumLevel:Default=Warning "$@"
}
server_homefilter-nolog() { server_homefilter --HomeFilter:QueryLog:Enabled=false; }

server_dnsmasq() {
  cat > "$W/dnsmasq.conf" <<EOF
port=$LISTEN_PORT
listen-address=$LISTEN_ADDR
bind-interfaces
no-resolv
no-hosts
server=$UP_ADDR#$UP_PORT
cache-size=$DNSMASQ_CACHE
dns-forward-max=1000
user=root
pid-file=
log-facility=$W/dnsmasq.log
conf-file=$DATA/dnsmasq-$N.conf
EOF
  exec dnsmasq -k -C "$W/dnsmasq.conf"
}

server_unbound() {
  cat > "$W/unbound.conf" <<EOF
server:
  interface: $LISTEN_ADDR@$LISTEN_PORT
  port: $LISTEN_PORT
  do-daemonize: no
  use-systemd: no
  username: ""
  chroot: ""
  directory: "$W"
  pidfile: ""
  logfile: "$W/unbound.log"
  use-syslog: no
  verbosity: 0
  num-threads: $PEER_THREADS
  so-reuseport: no
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  qname-minimisation: no
  do-not-query-localhost: no
  msg-cache-size: 64m
  rrset-cache-size: 128m
  num-queries-per-thread: 4096
  outgoing-range: 8192
  include: "$DATA/unbound-$N.conf"
forward-zone:
  name: "."
  forward-addr: $UP_ADDR@$UP_PORT
EOF
  exec unbound -d -c "$W/unbound.conf"
}

server_dnsdist() {
  local i listeners=""
  for i in $(seq 2 "$PEER_THREADS"); do listeners+="addLocal(\"$LISTEN_ADDR:$LISTEN_PORT\", {reusePort=true})"$'\n'; done
  cat > "$W/dnsdist.conf" <<EOF
setSecurityPollSuffix("")
setLocal("$LISTEN_ADDR:$LISTEN_PORT"$( [ "$PEER_THREADS" -gt 1 ] && echo ', {reusePort=true}'))
$listeners
setACL({"127.0.0.0/8"})
newServer({address="$UP_ADDR:$UP_PORT", checkName="healthcheck.com.", checkInterval=5})
pc = newPacketCache(200000, {maxTTL=86400, minTTL=0, temporaryFailureTTL=60, staleTTL=60})
getPool(""):setCache(pc)
blocked = newSuffixMatchNode()
for line in io.lines("$BL") do blocked:add(line) end
addAction(SuffixMatchNodeRule(blocked, true), RCodeAction(DNSRCode.NXDOMAIN))
EOF
  exec dnsdist --supervised --disable-syslog -C "$W/dnsdist.conf"
}

server_pdns-recursor() {
  # its control socket must fit a UNIX socket path (108 bytes), which a run directory deep in a checkout may not
  local sockets; sockets=$(mktemp -d /tmp/side-by-side-pdns.XXXXXX)
  printf 'rpzFile("%s", {defpol=Policy.NXDOMAIN, policyName="bench"})\n' "$DATA/rpz-$N.zone" > "$W/rpz.lua"
  cat > "$W/recursor.conf" <<EOF
local-address=$LISTEN_ADDR
local-port=$LISTEN_PORT
allow-from=127.0.0.0/8
forward-zones-recurse=.=$UP_ADDR:$UP_PORT
qname-minimization=no
dont-query=
threads=$PEER_THREADS
pdns-distributes-queries=no
reuseport=no
daemon=no
write-pid=no
socket-dir=$sockets
disable-syslog=yes
loglevel=3
dnssec=off
max-cache-entries=1000000
max-packetcache-entries=500000
lua-config-file=$W/rpz.lua
security-poll-suffix=
EOF
  exec pdns_recursor --config-dir="$W"
}

server_kresd() {
  mkdir -p "$W/cache"
  cat > "$W/kresd.conf" <<EOF
net.listen('$LISTEN_ADDR', $LISTEN_PORT, { kind = 'dns' })
cache.open(200 * MB, 'lmdb://$W/cache')
trust_anchors.remove('.')
policy.add(policy.rpz(policy.DENY, '$DATA/rpz-$N.zone', false))
policy.add(policy.all(policy.STUB('$UP_ADDR@$UP_PORT')))
EOF
  cd "$W" && exec kresd -n -q -c "$W/kresd.conf" "$W"
}

# ---------------------------------------------------------------- measurement
median() { sort -g | awk '{a[NR]=$1} END{ if(NR==0){print "-"} else if(NR%2){print a[(NR+1)/2]} else {printf "%.0f\n",(a[NR/2]+a[NR/2+1])/2} }'; }
qfile() { # mix step -> query file (the miss mix has a fresh file per step, the Zipf mix one file)
  if [ "$1" = zipf ]; then echo "$DATA/queries-zipf-$N.txt"; else echo "$DATA/queries-miss-$N-$2.txt"; fi; }

measure_mix() { # name mix pid -> QPS_MED QPS_ALL CPU CLI OTHER LOST NXP ERRP KQC L2K_* HALF_*
  local name=$1 mix=$2 pid=$3 r out pids qf upids t0 t1 c0 c1 u0 u1 k0 k1 s0 s1 q l lo nx er mi=0 k
  local qs=() cpus=() clis=() others=() losts=() nxs=() errs=()
  for r in $(seq "$REPEATS"); do
    out="$OUT/$name-$N-$mix-run$r.txt"
    pids=$(tree_pids "$pid")
    quiet_gate $pids
    # counters of our own processes just outside the window, the machine's counters and clock at its edges
    qf=$(qfile "$mix" "run$r"); upids=$(tree_pids "$UP_PID")
    c0=$(cpu_ticks $pids); u0=$(cpu_ticks $upids); child_ticks >"$OUT/.k"; k0=$(cat "$OUT/.k"); read -r s0 t0 < <(sys_sample)
    pin_c dnsperf -s "$LISTEN_ADDR" -p "$LISTEN_PORT" -d "$qf" -l "$DURATION" -c "$CLIENTS" -q "$OUTSTANDING" -t 2 >"$out" 2>&1
    read -r s1 t1 < <(sys_sample); c1=$(cpu_ticks $pids); u1=$(cpu_ticks $upids); child_ticks >"$OUT/.k"; k1=$(cat "$OUT/.k")
    read -r q l lo nx er < <(python3 "$HERE/dnsperf_stats.py" summary "$out")
    qs+=("$q"); losts+=("$lo"); nxs+=("$nx"); errs+=("$er")
    cpus+=("$(pct $((c1 - c0)) "$t0" "$t1")"); clis+=("$(pct $((k1 - k0)) "$t0" "$t1")")
    others+=("$(pct $((s1 - s0 - (c1 - c0) - (u1 - u0) - (k1 - k0))) "$t0" "$t1")")
    log "$name N=$N mix=$mix run $r: ${q} q/s, server ${cpus[-1]}% dnsperf ${clis[-1]}% other ${others[-1]}% of a core, lost ${lo}%"
  done
  QPS_MED=$(printf '%s\n' "${qs[@]}" | median)
  for k in "${!qs[@]}"; do [ "${qs[$k]}" = "$QPS_MED" ] && mi=$k; done
  CPU=${cpus[$mi]} CLI=${clis[$mi]} OTHER=${others[$mi]} LOST=${losts[$mi]} NXP=${nxs[$mi]} ERRP=${errs[$mi]}
  QPS_ALL=$(IFS=/; echo "${qs[*]}")
  KQC=$(awk -v q="$QPS_MED" -v c="$CPU" 'BEGIN{ if(q!="-" && c>0) printf "%.0f", q/(c/100); else print "-"}')
  # fixed rate: the same rate for everyone, then half of this server's own peak
  out="$OUT/$name-$N-$mix-lat$LAT_QPS.txt"
  quiet_gate $pids
  pin_c dnsperf -s "$LISTEN_ADDR" -p "$LISTEN_PORT" -d "$(qfile "$mix" lat)" -l "$LAT_DURATION" -Q "$LAT_QPS" -c 1 -q 100 -t 2 -v >"$out" 2>&1
  read -r L2K_AVG _ L2K_P99 _ L2K_TO < <(python3 "$HERE/dnsperf_stats.py" latency "$out")
  HALF_QPS=$(awk -v q="$QPS_MED" 'BEGIN{ if(q=="-") print "-"; else printf "%.0f", q/2}')
  HALF_AVG=- HALF_P99=- HALF_TO=-
  if [ "$HALF_QPS" != - ] && [ "$HALF_QPS" -gt 0 ]; then
    out="$OUT/$name-$N-$mix-half.txt"
    quiet_gate $pids
    pin_c dnsperf -s "$LISTEN_ADDR" -p "$LISTEN_PORT" -d "$(qfile "$mix" half)" -l "$LAT_DURATION" -Q "$HALF_QPS" -c "$CLIENTS" -q "$OUTSTANDING" -t 2 -v >"$out" 2>&1
    read -r HALF_AVG _ HALF_P99 _ HALF_TO < <(python3 "$HERE/dnsperf_stats.py" latency "$out")
  fi
  log "$name N=$N mix=$mix: median ${QPS_MED} q/s (${KQC}/core); @${LAT_QPS}: avg ${L2K_AVG} p99 ${L2K_P99} ms (timeouts ${L2K_TO}); @${HALF_QPS}: avg ${HALF_AVG} p99 ${HALF_P99} ms (timeouts ${HALF_TO})"
}

check_correct() { # -> CORRECT: listed names (exact, subdomain, last entry) blocked, allowed names resolved
  local fails=() k t res
  for k in blocked_first:A blocked_sub:A blocked_last:AAAA allowed:A allowed_tail:AAAA allowed_fresh:A; do
    t=${k#*:}; k=${k%%:*}
    res=$(dq "$LISTEN_ADDR" "$LISTEN_PORT" "$(probe "$k")" "$t")
    case $k in
      blocked*) is_blocked "$res" || fails+=("$k/$t=${res// /:}") ;;
      allowed*) is_allowed "$res" || fails+=("$k/$t=${res// /:}") ;;
    esac
  done
  if [ ${#fails[@]} -eq 0 ]; then CORRECT="ok (6/6)"; else CORRECT="FAIL ${fails[*]}"; fi
}

run_server() {
  local name=$1 pid t0 ready=0 last res load pids rss mix hwm script
  W="$OUT/$name-$N"; rm -rf "$W"; mkdir -p "$W"
  BL="$DATA/blocklist-$N.txt"
  if port_busy "$LISTEN_ADDR" "$LISTEN_PORT"; then
    log "port $LISTEN_PORT busy, skipping $name"; row server="$name" list="$N" correct="port $LISTEN_PORT busy"; return; fi
  last=$(probe blocked_last)
  log "$name N=$N: starting"
  script="$(declare -f server_homefilter "server_$name"); $(declare -p W N BL DATA PUBLISH LISTEN_ADDR LISTEN_PORT UP_ADDR UP_PORT PEER_THREADS DNSMASQ_CACHE); server_$name"
  t0=$(now)
  # taskset execs bash, which execs the server: $! is the server's pid
  if [ -n "$SERVER_CPUS" ]; then taskset -c "$SERVER_CPUS" bash -c "$script" >"$W/stdout.log" 2>&1 &
  else bash -c "$script" >"$W/stdout.log" 2>&1 & fi
  pid=$!; CUR_PID=$pid
  while :; do  # load time: launch until the LAST list entry is answered as blocked
    res=$(dq "$LISTEN_ADDR" "$LISTEN_PORT" "$last" AAAA)
    if is_blocked "$res"; then ready=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    awk -v a="$t0" -v b="$(now)" -v m="$LOAD_TIMEOUT" 'BEGIN{exit !(b-a>m)}' && break
    sleep 0.1
  done
  load=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
  if [ $ready = 0 ]; then
    local why="did not load in ${load} s"; kill -0 "$pid" 2>/dev/null || why="exited after ${load} s"
    log "$name N=$N: $why (last probe: $res); end of its log:"; tail -n 5 "$W/stdout.log" >&2
    row server="$name" list="$N" correct="$why"
    stop_tree "$pid"; CUR_PID=; return
  fi
  sleep 1  # let post-load allocations settle
  pids=$(tree_pids "$pid"); rss=$(( $(status_kb VmRSS $pids) / 1024 ))
  log "$name N=$N: answering after ${load} s, RSS ${rss} MB"
  check_correct
  log "$name N=$N: spot checks $CORRECT"
  log "$name N=$N: warm-up pass (Zipf file once, at most $WARM_LIMIT s)"
  pin_c dnsperf -s "$LISTEN_ADDR" -p "$LISTEN_PORT" -d "$DATA/queries-zipf-$N.txt" -n 1 -l "$WARM_LIMIT" -c "$CLIENTS" -q 100 -t 2 >"$W/warm-up.txt" 2>&1
  for mix in "${MIX_LIST[@]}"; do
    measure_mix "$name" "$mix" "$pid"
    hwm=$(( $(status_kb VmHWM $(tree_pids "$pid")) / 1024 ))
    row server="$name" list="$N" mix="$mix" load_s="$load" rss_mb="$rss" hwm_mb="$hwm" qps="$QPS_MED" qps_runs="$QPS_ALL" \
      cpu_pct="$CPU" qps_per_core="$KQC" lat2k_avg_ms="$L2K_AVG" lat2k_p99_ms="$L2K_P99" half_qps="$HALF_QPS" \
      half_avg_ms="$HALF_AVG" half_p99_ms="$HALF_P99" lost_pct="$LOST" nx_pct="$NXP" err_pct="$ERRP" \
      cli_pct="$CLI" other_pct="$OTHER" correct="$CORRECT"
  done
  [ -d "$W/data" ] && log "$name N=$N: data directory after the run: $(du -sh "$W/data" | cut -f1)"
  stop_tree "$pid"; CUR_PID=
}

write_header() {
  local hf; hf=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)
  {
    echo "Side-by-side DNS benchmark, $STARTED .. $(date -u +%FT%TZ); host: $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    echo ""
    echo "- Servers pinned to CPU $SERVER_CPUS (taskset; one worker thread where a server has the knob); dnsperf and the upstream nsd to CPU $CLIENT_CPUS."
    echo "- Throughput: dnsperf -l $DURATION -c $CLIENTS -q $OUTSTANDING uncapped, $REPEATS run(s) after one warm-up pass, median shown; server CPU % in that run (100 = one core); q/s per core = q/s / (CPU % / 100)."
    echo "- Latency from dnsperf -v per-query lines: at $LAT_QPS q/s (-c 1) for ${LAT_DURATION} s, and at half of the server's own median (-c $CLIENTS)."
    echo "- Mixes: zipf = $QUERIES queries, 70% allowed (Zipf over 20k names), 30% blocked (exact, common prefix, random label); miss = fresh random label on every query (cache misses; blocked ones still listed), a new file per step. A 60% / AAAA 40%."
    echo "- load s = launch until the last list entry is answered as blocked; RSS = VmRSS 1 s later; HWM = VmHWM after the mix (process tree)."
    echo "- other CPU % = CPU used by unrelated processes during the median run (above ~10: contaminated); dnsperf CPU % near 100 = the client, not the server, was the limit."
    echo "- Spot checks: first, last and a subdomain of a middle list entry blocked (NXDOMAIN or 0.0.0.0/::), three allowed names resolved by the upstream."
    echo "- Versions: HomeFilter $hf; $(dpkg-query -W -f='${Package} ${Version}, ' unbound dnsdist pdns-recursor knot-resolver dnsmasq-base nsd dnsperf 2>/dev/null | sed 's/, $//')."
  } > "$OUT/header.md"
}

main() {
  mkdir -p "$OUT" "$DATA"
  STARTED=$(date -u +%FT%TZ)
  log "results and logs: $OUT"
  install_missing
  local p n s
  for p in nsd nsd-checkconf dnsperf dig taskset ss python3; do command -v $p >/dev/null || { log "missing $p"; exit 1; }; done
  for s in "${SERVER_LIST[@]}"; do case $s in homefilter*) publish_homefilter; break ;; esac; done
  for n in "${SIZE_LIST[@]}"; do gen_data "$n"; done
  if port_busy "$UP_ADDR" "$UP_PORT" || port_busy "$LISTEN_ADDR" "$LISTEN_PORT"; then
    log "$UP_ADDR:$UP_PORT or $LISTEN_ADDR:$LISTEN_PORT already in use (set UP_PORT / LISTEN_PORT)"; exit 1; fi
  trap '[ -n "$CUR_PID" ] && stop_tree "$CUR_PID"; [ -n "$UP_PID" ] && stop_tree "$UP_PID"' EXIT
  trap 'exit 130' INT TERM
  start_upstream
  for N in "${SIZE_LIST[@]}"; do
    for s in "${SERVER_LIST[@]}"; do run_server "$s"; done
  done
  write_header
  python3 "$HERE/report.py" render "$OUT/rows.jsonl" "$OUT" "$OUT/header.md"
  log "table, CSV and JSON: $OUT/results.{md,csv,json}"
}
main

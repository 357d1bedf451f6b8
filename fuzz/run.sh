#!/usr/bin/env bash
# Fuzzes one harness (or all) with afl-fuzz for a bounded time; exits 1 and prints the inputs when one crashed or hung.
#
#   fuzz/run.sh <target|all> <seconds> [--no-build]
#   fuzz/run.sh build                       (build and instrument only)
#
# Publishes fuzz/HomeFilter.Fuzz, instruments HomeFilter.Rules.dll and HomeFilter.Resolver.dll with sharpfuzz (the
# local tool of .config/dotnet-tools.json), then runs afl-fuzz from fuzz/corpus/<target>. --no-build reuses the last
# instrumented build (a test fuzzing several targets builds once). Findings stay in fuzz/out/findings/<target>.
# Environment: FUZZ_CONFIGURATION (Release), FUZZ_OUT (fuzz/out), FUZZ_TIMEOUT_MS (5000, per input), FUZZ_AFL_FLAGS
# (afl-fuzz flags, -D unless set; empty for none). fuzz/dictionaries/<target>.dict is used when present.
# Exit codes: 0 nothing found, 1 a crash or hang was found, 2 usage or setup error, 3 afl-fuzz is not installed.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

usage() { echo "usage: fuzz/run.sh <target|all> <seconds> [--no-build]   or   fuzz/run.sh build" >&2; exit 2; }
[ $# -ge 1 ] || usage
target=$1
seconds=${2:-}
build=1
[ "${3:-}" = "--no-build" ] && build=0
if [ "$target" != "build" ]; then
  [[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage
fi

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "afl-fuzz is not installed (Debian package afl++: apt-get install afl++)" >&2
  exit 3
fi

configuration=${FUZZ_CONFIGURATION:-Release}
out=${FUZZ_OUT:-$here/out}
bin="$out/bin"
dotnet=$(command -v dotnet)

if [ "$build" -eq 1 ] || [ ! -f "$bin/.instrumented" ]; then
  echo "== building the harnesses ($configuration)"
  (cd "$root" && dotnet tool restore >/dev/null) || { echo "dotnet tool restore failed" >&2; exit 2; }
  dotnet publish "$here/HomeFilter.Fuzz/HomeFilter.Fuzz.csproj" -c "$configuration" -o "$out/publish" -nologo -v quiet \
    || { echo "publishing fuzz/HomeFilter.Fuzz failed" >&2; exit 2; }
  # sharpfuzz rewrites an assembly in place and refuses one it already rewrote: instrument a fresh copy each time.
  rm -rf "$bin"
  cp -r "$out/publish" "$bin"
  for assembly in HomeFilter.Rules.dll HomeFilter.Resolver.dll; do
    (cd "$root" && dotnet sharpfuzz "$bin/$assembly" >/dev/null) || { echo "sharpfuzz could not instrument $assembly" >&2; exit 2; }
  done
  touch "$bin/.instrumented"
fi

[ "$target" = "build" ] && exit 0

if [ "$target" = "all" ]; then
  mapfile -t targets < <("$dotnet" "$bin/HomeFilter.Fuzz.dll" --list)
else
  targets=("$target")
fi

# Containers: no CPU frequency governor to read, core dumps going to a pipe, no core to bind to exclusively.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# The target is the dotnet host, not an afl-compiled binary; the coverage map comes from the instrumented assemblies.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_FAST_CAL=1
# A hang is saved only when it also exceeds this on a second run, so a busy machine does not make one up.
export AFL_HANG_TMOUT=${AFL_HANG_TMOUT:-20000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

found=0
for t in "${targets[@]}"; do
  corpus="$here/corpus/$t"
  if [ ! -d "$corpus" ]; then
    echo "no corpus for target '$t' ($corpus)" >&2
    exit 2
  fi

  findings="$out/findings/$t"
  rm -rf "$findings"
  mkdir -p "$findings"
  dictionary=()
  [ -f "$here/dictionaries/$t.dict" ] && dictionary=(-x "$here/dictionaries/$t.dict")
  echo "== $t: fuzzing for ${seconds}s"
  # -D: the deterministic stages (every dictionary token at every offset, ...) find the JSON targets' null and
  # escape cases in seconds, where random havoc alone missed them for minutes.
  # shellcheck disable=SC2086 # FUZZ_AFL_FLAGS is a list of flags
  afl-fuzz -i "$corpus" -o "$findings" -V "$seconds" -t "${FUZZ_TIMEOUT_MS:-5000}" "${dictionary[@]}" ${FUZZ_AFL_FLAGS--D} \
    -- "$dotnet" "$bin/HomeFilter.Fuzz.dll" "$t" >"$findings/afl.log" 2>&1
  status=$?
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz did not start for '$t' (exit $status); the end of its log:" >&2
    tail -n 30 "$findings/afl.log" | sed 's/\x1b\[[0-9;]*[A-Za-z]//g' >&2
    exit 2
  fi

  execs=$(awk -F: '/^execs_done/ {gsub(/ /, "", $2); print $2}' "$stats")
  paths=$(awk -F: '/^corpus_count/ {gsub(/ /, "", $2); print $2}' "$stats")
  echo "$t: $execs executions, $paths inputs in the queue"

  shopt -s nullglob
  crashes=("$findings"/default/crashes/id:*)
  hangs=("$findings"/default/hangs/id:*)
  shopt -u nullglob
  if [ ${#crashes[@]} -eq 0 ] && [ ${#hangs[@]} -eq 0 ]; then
    continue
  fi

  found=1
  echo "$t: ${#crashes[@]} crashing and ${#hangs[@]} hanging inputs in $findings/default"
  all=("${crashes[@]}" "${hangs[@]}")
  for input in "${all[@]:0:5}"; do
    echo "--- $input ($(stat -c %s "$input") bytes)"
    od -A d -t x1z -v "$input" | head -n 8
  done

  if [ ${#crashes[@]} -gt 0 ]; then
    # The uninstrumented build: instrumented code writes coverage to afl-fuzz's shared memory, absent here.
    echo "--- the exceptions (replayed without afl-fuzz; the first frames of each):"
    "$dotnet" "$out/publish/HomeFilter.Fuzz.dll" "$t" "${crashes[@]:0:5}" | grep -v -E '^   at (System|SharpFuzz)\.' | head -n 60
  fi
done

exit "$found"

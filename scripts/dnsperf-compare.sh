#!/usr/bin/env bash
# Compares Gatelist's DNSBL responder (gatelist serve-dns) with rbldnsd serving the same lists, on this machine,
# with the same dnsperf query file, one server after the other, in one run.
#
# The lists go through the real pipeline: a generated policy file (blocklist-like: 60% /32, 20% /24, 20% other
# lengths, one entry in ten approved, so approved and blocked ranges overlap) is imported and compiled into a
# snapshot; serve-dns answers from that snapshot and rbldnsd from `gatelist export --format rbldnsd` of the same
# snapshot, so both serve identical answers (the interop tests check that). Half the queries are random
# addresses, half fall inside list entries.
#
# Two measurements per server:
#   throughput  dnsperf -c CLIENTS -Q 500000 (as fast as it goes) for DURATION seconds, ROUNDS times, alternating
#               servers; reports queries/s, average latency, lost queries and the server's CPU time per query.
#   latency     dnsperf -v at a fixed LATENCY_QPS for LATENCY_SECONDS; p50, p99, p99.9 and max from every
#               query's latency. (At full speed latency is dnsperf's own queue: outstanding / qps.)
#
# Needs: java 17 and maven (the jar is built when missing), rbldnsd, dnsperf, dig (Debian: rbldnsd dnsperf
# bind9-dnsutils), awk. Listens on 127.0.0.1 only. Everything is written to a temporary directory, removed at the
# end unless --keep. Options (or the environment variables in capitals):
#   --entries N (100000)  --queries N (200000)  --duration S (15)  --clients N (4)  --rounds N (2)
#   --latency-qps N (20000)  --latency-seconds S (10)  --keep  --report FILE (also write the summary there)
# GATELIST_JAVA_OPTS adds JVM options to serve-dns (default: the ones below).
set -euo pipefail

ENTRIES=${ENTRIES:-100000}
QUERIES=${QUERIES:-200000}
DURATION=${DURATION:-15}
CLIENTS=${CLIENTS:-4}
ROUNDS=${ROUNDS:-2}
LATENCY_QPS=${LATENCY_QPS:-20000}
LATENCY_SECONDS=${LATENCY_SECONDS:-10}
KEEP=0
REPORT=""
RBL_PORT=5300
GL_PORT=5301
ZONE=bl.test
# The responder allocates only short-lived objects and keeps almost nothing: a large young generation collected
# by the serial collector makes collections rare and costs the least CPU per query (measured against G1 and the
# parallel collector on this 2-core machine: about 0.7 us less per query than parallel, more against G1).
GATELIST_JAVA_OPTS=${GATELIST_JAVA_OPTS:--XX:+UseSerialGC -Xms1g -Xmx1g -Xmn768m}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --entries) ENTRIES=$2; shift 2 ;;
    --queries) QUERIES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --latency-qps) LATENCY_QPS=$2; shift 2 ;;
    --latency-seconds) LATENCY_SECONDS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --report) REPORT=$2; shift 2 ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dnsperf-compare: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in rbldnsd dnsperf dig awk java; do
  if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x "/usr/sbin/$tool" ]]; then
    echo "dnsperf-compare: $tool is not installed (Debian: apt-get install rbldnsd dnsperf bind9-dnsutils)" >&2
    exit 1
  fi
done
RBLDNSD=$(command -v rbldnsd || echo /usr/sbin/rbldnsd)

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/gatelist.jar"
if [[ ! -f "$jar" ]]; then
  echo "dnsperf-compare: building $jar" >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi
gatelist() { java -Dgatelist.jobs.dir="$root/jobs" -jar "$jar" "$@"; }

work=$(mktemp -d /tmp/gatelist-dnsperf.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $KEEP -eq 0 ]]; then rm -rf "$work"; else echo "dnsperf-compare: kept $work" >&2; fi
}
trap cleanup EXIT

say() { echo "== $*" >&2; }

say "generating $ENTRIES entries and $QUERIES queries in $work"
awk -v n="$ENTRIES" -v seed=42 'BEGIN {
  srand(seed); print "list,kind,value,comment"
  for (i = 0; i < n; i++) {
    p = int(rand() * 100)
    if (p < 60) len = 32; else if (p < 80) len = 24; else if (p < 90) len = 16 + int(rand() * 8)
    else if (p < 99) len = 25 + int(rand() * 7); else len = 8 + int(rand() * 8)
    a = int(rand() * 4294967296); m = 2 ^ (32 - len); a = int(a / m) * m
    v = int(a / 16777216) "." int(a / 65536) % 256 "." int(a / 256) % 256 "." a % 256
    if (len < 32) v = v "/" len
    print (i % 10 == 0 ? "approved" : "blocked") ",ip," v ","
  }
}' > "$work/lists.csv"
awk -F, -v n="$QUERIES" -v seed=7 -v zone="r.$ZONE" 'NR > 1 {
  split($3, a, "/"); split(a[1], o, ".")
  base[m] = ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4]; len[m] = (a[2] == "" ? 32 : a[2]); m++
} END {
  srand(seed)
  for (i = 0; i < n; i++) {
    if (i % 2 == 0) x = int(rand() * 4294967296)
    else { k = int(rand() * m); x = base[k] + int(rand() * (2 ^ (32 - len[k]))) }
    print x % 256 "." int(x / 256) % 256 "." int(x / 65536) % 256 "." int(x / 16777216) "." zone " A"
  }
}' "$work/lists.csv" > "$work/queries.txt"

say "importing and compiling through the real pipeline (this takes a minute or two)"
gatelist --home "$work/home" import --source bench "$work/lists.csv" > "$work/import.log"
gatelist --home "$work/home" compile --accept-overlaps > "$work/compile.log"
snapshot="$work/home/snapshots/current.bin"
mkdir -p "$work/rbldnsd"
gatelist export --snapshot "$snapshot" --format rbldnsd --out "$work/rbldnsd/r.data" >&2
chmod 755 "$work" "$work/rbldnsd"
chmod 644 "$work/rbldnsd/r.data"

wait_ready() { # port name
  for _ in $(seq 1 100); do
    if [[ "$(dig @127.0.0.1 -p "$1" +short +time=1 +tries=1 "2.0.0.127.r.$ZONE" A 2>/dev/null)" == "127.0.0.2" ]]; then
      return 0
    fi
    sleep 0.2
  done
  echo "dnsperf-compare: $2 did not answer on port $1" >&2
  exit 1
}

say "starting rbldnsd on 127.0.0.1:$RBL_PORT and gatelist serve-dns on 127.0.0.1:$GL_PORT"
user_opt=()
if [[ $(id -u) -eq 0 ]]; then user_opt=(-u "$(id -u rbldns >/dev/null 2>&1 && echo rbldns || echo nobody)"); fi
"$RBLDNSD" -n "${user_opt[@]}" -b "127.0.0.1/$RBL_PORT" -w "$work/rbldnsd" "r.$ZONE:combined:r.data" \
  > "$work/rbldnsd.log" 2>&1 &
rbl_pid=$!
pids+=("$rbl_pid")
# shellcheck disable=SC2086
java $GATELIST_JAVA_OPTS -jar "$jar" serve-dns --snapshot "$snapshot" --listen "127.0.0.1:$GL_PORT" --zone "$ZONE" \
  > "$work/serve-dns.log" 2>&1 &
gl_pid=$!
pids+=("$gl_pid")
wait_ready "$RBL_PORT" rbldnsd
wait_ready "$GL_PORT" "gatelist serve-dns"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

say "warming up both servers (10 s each: the JIT compiles serve-dns's hot path)"
dnsperf -s 127.0.0.1 -p "$RBL_PORT" -d "$work/queries.txt" -l 10 -c "$CLIENTS" -Q 500000 > /dev/null 2>&1
dnsperf -s 127.0.0.1 -p "$GL_PORT" -d "$work/queries.txt" -l 10 -c "$CLIENTS" -Q 500000 > /dev/null 2>&1

results="$work/throughput.tsv"
: > "$results"
throughput() { # name port pid round
  local before after out
  before=$(cpu_ticks "$3")
  out=$(dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l "$DURATION" -c "$CLIENTS" -Q 500000 2>&1)
  after=$(cpu_ticks "$3")
  echo "$out" > "$work/dnsperf-$1-$4.txt"
  echo "$out" | awk -v name="$1" -v round="$4" -v ticks=$((after - before)) -v hz="$ticks_per_second" '
    /Queries completed/ { done = $3 } /Queries lost/ { lost = $3 } /Queries per second/ { qps = $4 }
    /Average Latency/ { avg = $4 * 1000 }
    END { printf "%s\t%d\t%.0f\t%.3f\t%d\t%.1f\n", name, round, qps, avg, lost, ticks / hz * 1e6 / done }' \
    >> "$results"
  tail -1 "$results" | awk -F'\t' '{ printf "   %-9s round %d: %7d queries/s, average %.3f ms, %d lost, %.1f us CPU per query\n", $1, $2, $3, $4, $5, $6 }' >&2
}

say "throughput: $ROUNDS rounds of $DURATION s each, $CLIENTS clients, alternating servers"
for round in $(seq 1 "$ROUNDS"); do
  throughput rbldnsd "$RBL_PORT" "$rbl_pid" "$round"
  throughput gatelist "$GL_PORT" "$gl_pid" "$round"
done

latency() { # name port
  dnsperf -s 127.0.0.1 -p "$2" -d "$work/queries.txt" -l "$LATENCY_SECONDS" -c "$CLIENTS" -Q "$LATENCY_QPS" -v \
    2> /dev/null | awk '/^> / { print $NF * 1000 }' | sort -g > "$work/latency-$1.txt"
  awk -v name="$1" '{ v[NR] = $1 } END {
    if (NR == 0) { printf "%s\t0\t0\t0\t0\t0\n", name; exit }
    printf "%s\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", name, NR, v[int(NR * 0.50 + 0.5)], v[int(NR * 0.99 + 0.5)],
      v[int(NR * 0.999 + 0.5)], v[NR] }' "$work/latency-$1.txt"
}

say "latency: $LATENCY_SECONDS s at $LATENCY_QPS queries/s each"
lat_rbl=$(latency rbldnsd "$RBL_PORT")
lat_gl=$(latency gatelist "$GL_PORT")

summary=$(
  echo "dnsperf $(dnsperf -h 2>&1 | awk '/Version/ { print $2; exit }'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "$ENTRIES policy entries ($(grep -c . "$work/rbldnsd/r.data") rbldnsd lines), $QUERIES queries, $CLIENTS clients"
  echo
  echo "| server | round | queries/s | avg latency ms | lost | CPU us/query |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' '{ printf "| %s | %d | %d | %.3f | %d | %.1f |\n", $1, $2, $3, $4, $5, $6 }' "$results"
  awk -F'\t' '{ q[$1] += $3; n[$1]++ } END { for (s in q) printf "| %s | mean | %d | | | |\n", s, q[s] / n[s] }' "$results" | sort
  echo
  echo "| server ($LATENCY_QPS queries/s) | answered | p50 ms | p99 ms | p99.9 ms | max ms |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n%s\n' "$lat_rbl" "$lat_gl" | awk -F'\t' '{ printf "| %s | %d | %.3f | %.3f | %.3f | %.3f |\n", $1, $2, $3, $4, $5, $6 }'
)
echo "$summary"
if [[ -n "$REPORT" ]]; then echo "$summary" > "$REPORT"; fi

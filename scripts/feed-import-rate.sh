#!/usr/bin/env bash
# Import rate of a large reputation feed through the real CLI (JBeret job, H2 file database), in a fresh home:
#   scripts/feed-import-rate.sh [LINES (default 1000000)] [WORK DIR (default target/feed-rate)]
# Runs, one after the other: the first import of a DROP-style feed (LINES lines, 70% hosts, 30% /24-/20), the
# same file again (recorded as DUPLICATE: nothing read or written), a second version with 1% of the lines changed
# (a full import plus the replacement of the old version), and a compile of the snapshot. Prints wall-clock
# seconds and lines/s per run. Not part of the test run; the machine's load shows in the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-1000000}
work=${2:-target/feed-rate}
rm -rf "$work"
mkdir -p "$work"
# Public-looking IPv4 only: first octets outside the special-purpose blocks, so no line draws a warning.
gen() { # $1 seed, $2 file
  awk -v n="$lines" -v seed="$1" 'BEGIN {
    srand(seed); split("1 2 3 5 8 12 23 31 37 41 45 46 62 77 78 80 81 85 88 91 93 94 95 103 109 110 111 112 113 \
      114 115 116 117 118 119 120 121 122 123 124 125 128 130 138 141 146 151 154 156 176 178 181 182 185 186 \
      187 188 189 190 193 194 195 196 197 200 201 202 212 213 217 220 221 222", oct, " ");
    m = length(oct);
    print "; Spamhaus DROP-style test feed, " n " lines";
    for (i = 0; i < n; i++) {
      a = oct[int(rand() * m) + 1]; b = int(rand() * 256); c = int(rand() * 256);
      if (rand() < 0.7) printf "%d.%d.%d.%d ; SBL%d\n", a, b, c, int(rand() * 256), i;
      else { len = 20 + int(rand() * 5); step = 2 ^ (24 - len); printf "%d.%d.%d.0/%d ; SBL%d\n", a, b, c - c % step, len, i }
    }
  }' > "$2"
}
gen 42 "$work/big.txt"
# Version 2: the same lines except every 100th, which lists another address.
awk 'NR > 1 && NR % 100 == 0 { sub(/^[0-9]+\./, "9."); } { print }' "$work/big.txt" > "$work/big-v2.txt"
./gatelist --help > /dev/null # builds target/gatelist.jar when stale
run() { # $1 label, rest: gatelist arguments
  local label=$1; shift
  local start end
  start=$(date +%s.%N)
  ./gatelist --home "$work/home" "$@" > "$work/$label.out"
  end=$(date +%s.%N)
  awk -v l="$label" -v s="$start" -v e="$end" -v n="$lines" \
    'BEGIN { t = e - s; printf "%-22s %7.2f s  %10.0f lines/s\n", l, t, n / t }'
}
run first-import import --kind feed --feed big --database standard --chunk-size 5000 "$work/big.txt"
run unchanged-reimport import --kind feed --feed big --database standard "$work/big.txt"
run changed-version import --kind feed --feed big --database standard --chunk-size 5000 "$work/big-v2.txt"
run compile compile --out "$work/snapshot.bin"
grep -h "ACCEPTED\|DUPLICATE\|added" "$work"/*.out | head -6

#!/usr/bin/env bash
# Runs the JMH suite and the memory harness. Usage (from anywhere):
#   benchmarks/run.sh quick   [extra JMH args]  the target benchmarks, memory store, -prof gc: < 3 min
#   benchmarks/run.sh full    [extra JMH args]  every benchmark and store, -prof gc, then memory: < 20 min
#   benchmarks/run.sh smoke   [extra JMH args]  one 100 ms iteration of everything + a small memory run (CI)
#   benchmarks/run.sh memory  [--entries N] [--stores a,b]   retained bytes per parked entry
#   benchmarks/run.sh jmh     [JMH args]        the jar with your own arguments
#   benchmarks/run.sh claim-cost [--claims N --rounds R --sizes a,b]  Redis CPU per claim vs GETDEL
#   benchmarks/run.sh original                  the original (autotel 7.9.0, Node) in the same shapes;
#                                               WARMUP_MS, ROUND_MS, ROUNDS (3000, 3000, 5) set its run
#   benchmarks/run.sh compare [extra JMH args]  original and Java twins alternately, then the ratios
#                                               and targets: ~6 min; COMPARE_PASSES (3), COMPARE_JMH
#                                               ("-f 1 -wi 3 -w 2s -i 5 -r 2s") and the original's
#                                               WARMUP_MS, ROUND_MS, ROUNDS set its length
# The uber-jar is built first when it is missing or older than a source file of the library; MVN_ARGS
# (split on spaces) goes to that Maven command, e.g. MVN_ARGS=-Dmaven.repo.local=/path/to/repo.
# JMH results go to benchmarks/target/results/<mode>-<time>.{txt,json}. Numbers mean something only on
# a quiet machine: the 1-minute load average is printed before each run; compare it with the cores.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
mode="${1:-}"
[ $# -gt 0 ] && shift

usage() {
  sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

build_if_needed() {
  local stale=""
  if [ -f "$jar" ]; then
    stale="$(find "$root" -path '*/target' -prune -o -path "$root/.git" -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -path '*/META-INF/services/*' \) -newer "$jar" -print -quit)"
  fi
  if [ ! -f "$jar" ] || [ -n "$stale" ]; then
    echo "building $jar${stale:+ (newer source: ${stale#"$root"/})}" >&2
    local mvn_args=()
    read -r -a mvn_args <<< "${MVN_ARGS:-}"
    (cd "$root" && mvn -q "${mvn_args[@]}" -pl benchmarks -am package -DskipTests)
  fi
}

load() {
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; JDK: $("$java" -version 2>&1 | head -1)"
}

jmh() {
  local name="$1"
  shift
  local out="$here/target/results"
  mkdir -p "$out"
  local stamp
  stamp="$(date +%Y%m%d-%H%M%S)"
  load | tee "$out/$name-$stamp.txt"
  "$java" -jar "$jar" -foe true -rf json -rff "$out/$name-$stamp.json" "$@" | tee -a "$out/$name-$stamp.txt"
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/$name-$stamp.txt"
  echo "results: $out/$name-$stamp.txt and .json"
}

memory() {
  load
  "$java" -XX:+UseSerialGC -Xms3g -Xmx3g -cp "$jar" dev.parkinglot.bench.MemoryPerEntry "$@"
}

install_original() {
  local installed="$here/original/node_modules/.package-lock.json"
  if [ ! -f "$installed" ] || [ "$here/original/package-lock.json" -nt "$installed" ]; then
    (cd "$here/original" && npm ci --no-audit --no-fund)
  fi
}

# The original and the Java twins of its scenarios, alternating (original, Java, original, Java, ...)
# so that both see the same machine; compare.py prints the ratios. Extra arguments go to JMH.
compare() {
  local passes="${COMPARE_PASSES:-3}"
  local runs=()
  read -r -a runs <<< "${COMPARE_JMH:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
  local out="$here/target/results/compare-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  local started=$SECONDS
  local began
  began="$(date '+%Y-%m-%d %H:%M')"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/load.txt"
  load >&2
  for ((n = 1; n <= passes; n++)); do
    echo "== pass $n/$passes: original (autotel 7.9.0, Node) ==" >&2
    echo "load average before original $n: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
    node "$here/original/bench.mjs" > "$out/original-$n.txt" ||
      { tail -20 "$out/original-$n.txt" >&2; echo "compare: the original failed (pass $n)" >&2; exit 1; }
    grep -E 'SUMMARY|median' "$out/original-$n.txt" >&2
    echo "== pass $n/$passes: Java (JMH, memory store) ==" >&2
    echo "load average before Java $n: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
    "$java" -jar "$jar" -foe true "${heap[@]}" "${runs[@]}" -prof gc -p store=memory \
      -rf json -rff "$out/java-$n.json" "$@" \
      'ParkRetrieveBenchmark.parkThenRetrieve$' 'ParkRetrieveBenchmark.parkThenRetrieveWithoutDuplicateDetection$' \
      'CallbackBenchmark.hit$' 'ParkBenchmark.park$' > "$out/java-$n.txt" ||
      { tail -30 "$out/java-$n.txt" >&2; echo "compare: JMH failed (pass $n)" >&2; exit 1; }
    grep -E '^[A-Za-z]+Benchmark\.[A-Za-z]+(:gc\.alloc\.rate\.norm)? ' "$out/java-$n.txt" | grep -E 'ops/s|B/op' >&2 || true
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.txt"
  {
    echo
    echo "measured with run.sh compare on $began, $(nproc) cores, $((SECONDS - started)) s;" \
      "node $(node --version), $("$java" -version 2>&1 | head -1)"
    echo "load average (1, 5, 15 min):"
    sed 's/^/  /' "$out/load.txt"
    echo
    python3 "$here/compare.py" "$out"
  } | tee "$out/table.txt"
  echo "results: $out" >&2
}

# Fixed, pre-touched heap for every fork: neither heap resizing nor first-touch page faults of a
# fresh heap (which cut park+retrieve by 5x in short runs) are part of any number.
heap=(-jvmArgsAppend "-Xms1g -Xmx1g -XX:+AlwaysPreTouch")

case "$mode" in
  quick)
    build_if_needed
    jmh quick "${heap[@]}" -f 1 -wi 3 -w 1s -i 3 -r 1s -prof gc -p store=memory "$@" \
      'ParkRetrieveBenchmark.parkThenRetrieve$' 'CallbackBenchmark.hit$' 'ParkBenchmark.park$' \
      'RetrieveBenchmark.retrieve$' 'RetrieveBenchmark.refillBaseline$' 'CallbackBenchmark.refillBaseline$'
    ;;
  full)
    build_if_needed
    jmh full "${heap[@]}" -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc "$@" 'dev.parkinglot.bench.*Benchmark'
    memory
    ;;
  smoke)
    build_if_needed
    jmh smoke "${heap[@]}" -f 1 -wi 0 -i 1 -r 100ms "$@" 'dev.parkinglot.bench.*Benchmark'
    memory --entries 20000
    "$java" -cp "$jar" dev.parkinglot.bench.RedisClaimCost --claims 20 --rounds 1 --sizes 0,196608
    ;;
  memory)
    build_if_needed
    memory "$@"
    ;;
  claim-cost)
    build_if_needed
    load
    "$java" -cp "$jar" dev.parkinglot.bench.RedisClaimCost "$@"
    load
    ;;
  jmh)
    build_if_needed
    "$java" -jar "$jar" "$@"
    ;;
  original)
    [ $# -eq 0 ] || { echo "original takes no arguments; set WARMUP_MS, ROUND_MS, ROUNDS instead" >&2; exit 2; }
    install_original
    load
    node "$here/original/bench.mjs"
    ;;
  compare)
    build_if_needed
    install_original
    compare "$@"
    ;;
  *)
    usage
    ;;
esac

#!/usr/bin/env bash
# Builds the benchmarks and runs them all against the local stub, then prints the summary table.
#
#   benchmarks/run.sh            full run: fits a 2-core machine in under 10 minutes
#   benchmarks/run.sh --quick    short run (latency only, one streaming provider): under 2 minutes
#
# Options: --out DIR (default benchmarks/results), --only owncost,wallclock,overhead,streaming,fanout,decode,
#          --no-build (reuse benchmarks/target/benchmarks.jar).
# Results: DIR/<group>.json (JMH JSON), DIR/jmh.log (JMH's own output), DIR/summary.md (the tables).
# Re-print a summary later with: java -cp benchmarks/target/benchmarks.jar io.chatgateway.benchmarks.Report DIR
set -euo pipefail

cd "$(dirname "$0")/.."

build=1
suite_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) suite_args+=(--quick); shift ;;
    --out|--only) suite_args+=("$1" "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ $build -eq 1 ]]; then
  echo "[run.sh] building benchmarks/target/benchmarks.jar ..."
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

echo "[run.sh] $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1)"
exec java -jar benchmarks/target/benchmarks.jar "${suite_args[@]}"

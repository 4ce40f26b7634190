#!/usr/bin/env bash
# Builds the benchmarks and runs JMH. Arguments go to JMH (org.openjdk.jmh.Main), e.g.
#   ./bench.sh                                   every benchmark (about 8 minutes)
#   ./bench.sh Integration -p storage=postgres   one class, one parameter value
#   ./bench.sh -l                                list the benchmarks
#   ./bench.sh -h                                JMH's options
# Environment: SKIP_BUILD=1 to reuse the last build; TRACEMARK_BENCH_DB_URL / _USER / _PASSWORD
# for another PostgreSQL (default jdbc:postgresql://127.0.0.1:5432/test as postgres).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

# One Maven run: package the reactor, then write the class path; within the run, tracemark-ledger
# resolves to its freshly built jar. Every module of the reactor writes the same file, the
# benchmarks module last (it depends on the others), so its class path is what remains.
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$here/target/classpath.txt" ]]; then
  ./mvnw -B -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$here/target/classpath.txt"
fi
cp="$(cat "$here/target/classpath.txt"):$here/target/classes"

if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "bench.sh: no PostgreSQL at 127.0.0.1:5432: the PostgreSQL benchmarks will fail." >&2
  echo "  start it with: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
fi

# Results as JSON in target/jmh-result.json, unless the arguments say otherwise.
format=(-rf json)
file=(-rff "$here/target/jmh-result.json")
for arg in "$@"; do
  case "$arg" in
    -rf) format=() ;;
    -rff) file=() ;;
  esac
done
results=("${format[@]}" "${file[@]}")
mkdir -p "$here/target"
cd "$here" # relative -rff paths land in benchmarks/
exec java -cp "$cp" org.openjdk.jmh.Main "${results[@]}" "$@"

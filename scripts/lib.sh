# Shared by ./tracemark and .ci/run. Functions only; sourcing it does nothing by itself.
# shellcheck shell=bash

say() { printf '%s\n' "$*"; }
die() { printf 'tracemark: %s\n' "$*" >&2; exit 1; }

require_java() {
  local java_cmd="java"
  [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && java_cmd="$JAVA_HOME/bin/java"
  command -v "$java_cmd" >/dev/null 2>&1 || die "no Java found: install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk) or set JAVA_HOME"
  local version
  version=$("$java_cmd" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
  [[ "${version%%.*}" =~ ^[0-9]+$ && "${version%%.*}" -ge 17 ]] || die "Java $version found, but Tracemark needs a JDK 17 or newer (set JAVA_HOME)"
  command -v javac >/dev/null 2>&1 || [[ -x "${JAVA_HOME:-/nonexistent}/bin/javac" ]] || die "found a Java runtime but no JDK (javac); install a JDK 17 or newer"
}

# Builds the application with a few readable lines of progress; Maven's full output goes to a log.
build_app() {
  local log="$ROOT/target/tracemark-build.log"
  mkdir -p "$ROOT/target"
  say "Building Tracemark (tests skipped; full log in ${log#"$ROOT"/}) ..."
  local downloads=0 status=0
  set +e
  "$ROOT/mvnw" -B -DskipTests -Dspotless.check.skip=true -pl provenance-api -am package 2>&1 | tee "$log" | while IFS= read -r line; do
    case "$line" in
      *"Building Tracemark ::"*)
        # "[INFO] Building Tracemark :: GS1 0.1.0-SNAPSHOT                  [2/4]" → "  [2/4] GS1"
        if [[ "$line" =~ Building\ Tracemark\ ::\ (.*)\ [0-9][^\ ]*\ +(\[[0-9]+/[0-9]+\]) ]]; then
          say "  ${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
        fi
        ;;
      *"Downloaded from"*)
        downloads=$((downloads + 1))
        if (( downloads == 1 )); then say "  fetching dependencies from Maven Central (first build only) ..."; fi
        if (( downloads % 200 == 0 )); then say "    $downloads files"; fi
        ;;
    esac
  done
  status=${PIPESTATUS[0]}
  set -e
  if (( status != 0 )); then
    grep -E '^\[ERROR\]' "$log" | head -15 >&2
    die "the build failed (exit $status); see ${log}"
  fi
  say "Build finished."
}

# Runs the command-line tool in <module> (main class <main>), building the module and the modules
# it needs first when any of their sources changed. It runs in the directory ./tracemark was
# started from (the launcher cd's to the repository), so relative paths mean what the caller meant.
run_tool() {
  local module=$1 main=$2 name=$3
  shift 3
  local classes="$ROOT/$module/target/classes" cp_file="$ROOT/$module/target/classpath.txt"
  local sources=("$ROOT/$module/src/main" "$ROOT/$module/pom.xml" "$ROOT/pom.xml")
  local dep
  for dep in gs1 ledger firmware-keys; do
    sources+=("$ROOT/$dep/src/main")
  done
  if [[ ! -f "$cp_file" || -n "$(find "${sources[@]}" -newer "$cp_file" -type f -print -quit 2>/dev/null)" ]]; then
    say "Building $name (full log in target/$name-build.log) ..." >&2
    mkdir -p "$ROOT/target"
    "$ROOT/mvnw" -B -q -DskipTests -Dspotless.check.skip=true -pl "$module" -am package \
      dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$cp_file" \
      >"$ROOT/target/$name-build.log" 2>&1 || die "building $name failed; see target/$name-build.log"
  fi
  cd "${OLDPWD:-$ROOT}"
  exec java -cp "$classes:$(cat "$cp_file")" "$main" "$@"
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_for_port() {
  local port=$1 name=$2 deadline=$((SECONDS + 60))
  until port_open "$port"; do
    (( SECONDS < deadline )) || die "$name did not come up on 127.0.0.1:$port within 60 s"
    sleep 1
  done
}

apt_install() {
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
  say "  installing $* from Debian's packages ..."
  if [[ -z "${TRACEMARK_APT_UPDATED:-}" ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    TRACEMARK_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_postgres() {
  if ! port_open 5432; then
    if [[ ! -d /etc/postgresql ]] || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
      apt_install postgresql || die "PostgreSQL is not running on 127.0.0.1:5432 and not installed. Install PostgreSQL >= 15 (Debian: sudo apt-get install postgresql), allow user postgres from 127.0.0.1 without a password (pg_hba.conf: host all postgres 127.0.0.1/32 trust) and create a database 'test'."
      local version
      version=$(ls /etc/postgresql | sort -V | tail -1)
      # A freshly installed server asks for a password on TCP; the tests connect as postgres from
      # loopback without one, as on our CI machines.
      sed -i '1i host all postgres 127.0.0.1/32 trust' "/etc/postgresql/$version/main/pg_hba.conf"
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -1)
    say "  starting PostgreSQL $version ..."
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "could not start PostgreSQL $version (pg_ctlcluster $version main start)"
    wait_for_port 5432 PostgreSQL
  fi
  if command -v psql >/dev/null 2>&1; then
    local exists
    exists=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1 from pg_database where datname = 'test'" 2>&1) \
      || die "PostgreSQL on 127.0.0.1:5432 refused user postgres without a password: $exists"
    if [[ "$exists" != "1" ]]; then
      psql -h 127.0.0.1 -U postgres -d postgres -qc "create database test" >/dev/null || die "could not create the database 'test'"
    fi
  fi
  say "  PostgreSQL: up on 127.0.0.1:5432 (database test)"
}

ensure_mosquitto() {
  if ! port_open 1883; then
    if ! command -v mosquitto >/dev/null 2>&1 && [[ ! -x /usr/sbin/mosquitto ]]; then
      apt_install mosquitto || die "Mosquitto is not running on 127.0.0.1:1883 and not installed. Install it (Debian: sudo apt-get install mosquitto) and start it: mosquitto -d -c /etc/mosquitto/mosquitto.conf"
    fi
    say "  starting Mosquitto ..."
    local bin
    bin=$(command -v mosquitto || echo /usr/sbin/mosquitto)
    "$bin" -d -c /etc/mosquitto/mosquitto.conf || die "could not start Mosquitto ($bin -d -c /etc/mosquitto/mosquitto.conf)"
    wait_for_port 1883 Mosquitto
  fi
  say "  Mosquitto: up on 127.0.0.1:1883"
}

# The ledger interoperability test verifies our log with Go's golang.org/x/mod/sumdb (an
# implementation that is not ours), from Debian's packages.
ensure_go_verifier() {
  if ! command -v go >/dev/null 2>&1 || [[ ! -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ]]; then
    apt_install golang-go golang-golang-x-mod-dev || die "the ledger interop test needs Go and golang.org/x/mod: install Debian's golang-go and golang-golang-x-mod-dev (sudo apt-get install golang-go golang-golang-x-mod-dev)"
  fi
  say "  Go verifier: $(go version | awk '{print $3}') with golang.org/x/mod from Debian"
}

# The signed-reading and firmware vectors come from an independent Python implementation
# (firmware-keys/src/test/python), which the tests also run to verify what Java signs; OpenSSL
# must read the encrypted key files tracemark-keys writes.
ensure_python_cose() {
  if ! command -v openssl >/dev/null 2>&1; then
    apt_install openssl || die "the key-file test needs OpenSSL: sudo apt-get install openssl"
  fi
  if ! /usr/bin/python3 -c 'import cbor2, cryptography' >/dev/null 2>&1; then
    apt_install python3 python3-cbor2 python3-cryptography || die "the COSE interop test needs Debian's Python with cbor2 and cryptography: sudo apt-get install python3-cbor2 python3-cryptography"
  fi
  say "  Python COSE verifier: $(/usr/bin/python3 -c 'import cbor2, cryptography; print("cbor2", cbor2.__version__ if hasattr(cbor2, "__version__") else "", "cryptography", cryptography.__version__)')"
}

ensure_test_services() {
  say "Checking the servers and tools the integration tests need ..."
  ensure_postgres
  ensure_mosquitto
  ensure_go_verifier
  ensure_python_cose
}

# Prints one line per module from the Surefire and Failsafe XML reports.
test_summary() {
  say ""
  say "Test summary (Surefire = unit *Test, Failsafe = integration *IT):"
  local total_tests=0 total_failed=0 total_skipped=0
  local dir kind module
  for dir in "$ROOT"/*/target/surefire-reports "$ROOT"/*/target/failsafe-reports; do
    [[ -d "$dir" ]] || continue
    module=$(basename "$(dirname "$(dirname "$dir")")")
    kind=$([[ "$dir" == *failsafe* ]] && echo Failsafe || echo Surefire)
    local counts
    counts=$(cat "$dir"/TEST-*.xml 2>/dev/null | grep -o '<testsuite [^>]*>' | awk '
      { t=0; f=0; e=0; s=0
        if (match($0, /tests="[0-9]+"/)) t=substr($0, RSTART+7, RLENGTH-8)
        if (match($0, /failures="[0-9]+"/)) f=substr($0, RSTART+10, RLENGTH-11)
        if (match($0, /errors="[0-9]+"/)) e=substr($0, RSTART+8, RLENGTH-9)
        if (match($0, /skipped="[0-9]+"/)) s=substr($0, RSTART+9, RLENGTH-10)
        T+=t; F+=f+e; S+=s }
      END { printf "%d %d %d", T, F, S }')
    read -r t f s <<<"$counts"
    printf '  %-16s %-9s tests %5d  failed %3d  skipped %3d\n' "$module" "$kind" "$t" "$f" "$s"
    total_tests=$((total_tests + t)); total_failed=$((total_failed + f)); total_skipped=$((total_skipped + s))
  done
  printf '  %-26s tests %5d  failed %3d  skipped %3d\n' "all" "$total_tests" "$total_failed" "$total_skipped"
}

run_tests() {
  # Stale reports from an earlier run must not show up in this run's summary.
  rm -rf "$ROOT"/*/target/surefire-reports "$ROOT"/*/target/failsafe-reports
  say "Running the test suite: ./mvnw -B verify $*"
  local status=0
  "$ROOT/mvnw" -B verify "$@" || status=$?
  test_summary
  if (( status != 0 )); then
    die "tests or checks failed (Maven exit $status); the first [ERROR] lines above say which"
  fi
  say "All tests and checks passed."
}

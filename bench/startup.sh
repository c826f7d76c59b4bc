#!/usr/bin/env bash
# Start-up benchmark: time to first served request and resident memory right after it, for api-service and
# worker-service, as a plain JVM (fast-jar), a JVM with the JDK 25 AOT cache (aot-jar + app.aot, trained by the
# @QuarkusIntegrationTest suites) and, where target/*-runner exists, the native executable. Each variant is
# started RUNS times against real PostgreSQL and Kafka (./overtime's local stack); medians are reported.
#
#   bench/startup.sh                 # builds both variants, then measures (RUNS=5)
#   RUNS=9 SKIP_BUILD=1 bench/startup.sh
#
# Writes bench/results/startup-<UTC timestamp>.md and prints the same table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
WORK="$ROOT/bench/.work/startup"
RESULTS="$ROOT/bench/results"
SERVICES=(api-service worker-service)

say() { printf '==> %s\n' "$*" >&2; }

cd "$ROOT"
# shellcheck source=../overtime
source ./overtime          # for find_jdk, kafka_bootstrap, jdbc_url, admin_token, first_free_port_from
find_jdk
(( $(java_major "$JAVA_HOME") >= 25 )) || die "the AOT cache needs JDK 25+ (JAVA_HOME=$JAVA_HOME)"

say "local PostgreSQL and Kafka (./overtime up with OVERTIME_INFRA_ONLY=1)"
OVERTIME_INFRA_ONLY=1 OVERTIME_SKIP_BUILD=1 ./overtime up >/dev/null

build_variants() {
  local modules service
  modules="$(IFS=,; echo "${SERVICES[*]}")"
  say "plain JVM: ./mvnw package -pl $modules -am -DskipTests"
  ./mvnw -B -q package -pl "$modules" -am -DskipTests
  for service in "${SERVICES[@]}"; do
    rm -rf "$WORK/jvm/$service"; mkdir -p "$WORK/jvm"
    cp -r "$service/target/quarkus-app" "$WORK/jvm/$service"
  done
  say "AOT cache: ./mvnw verify -Paot -pl $modules (the *IT suites are the training run)"
  ./mvnw -B -q verify -Paot -pl "$modules" -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
  for service in "${SERVICES[@]}"; do
    [[ -f "$service/target/quarkus-app/app.aot" ]] || die "$service: no app.aot after the AOT build (an app-cds.jsa means AppCDS was chosen instead)"
    rm -rf "$WORK/aot/$service"; mkdir -p "$WORK/aot"
    cp -r "$service/target/quarkus-app" "$WORK/aot/$service"
  done
  say "restoring the everyday fast-jar build"
  ./mvnw -B -q package -pl "$modules" -DskipTests
}

[[ "${SKIP_BUILD:-0}" == 1 ]] || build_variants

# Prints "<milliseconds to first 200 from /q/health/live> <RSS in MiB>" for one start of one variant.
measure_once() {
  local variant="$1" service="$2" port pid start elapsed rss
  port="$(first_free_port_from 18000)"
  local cmd
  case "$variant" in
    jvm) cmd=(java -Xmx512m -jar "$WORK/jvm/$service/quarkus-run.jar") ;;
    # AOTMode=on fails the start instead of silently running without a cache that does not match.
    aot) cmd=(java -Xmx512m -XX:AOTMode=on -XX:AOTCache="$WORK/aot/$service/app.aot" -jar "$WORK/aot/$service/quarkus-run.jar") ;;
    native) cmd=("$(ls "$ROOT/$service"/target/*-runner)" -Xmx512m) ;;
  esac
  start="$(date +%s%N)"
  env QUARKUS_HTTP_PORT="$port" KAFKA_BOOTSTRAP_SERVERS="$(kafka_bootstrap)" \
    QUARKUS_DATASOURCE_JDBC_URL="$(jdbc_url)" QUARKUS_DATASOURCE_USERNAME=overtime QUARKUS_DATASOURCE_PASSWORD=overtime \
    OVERTIME_API_ADMIN_TOKEN="$(admin_token)" OPENAI_BASE_URL=http://127.0.0.1:9/v1 OPENAI_API_KEY=sk-bench \
    "${cmd[@]}" >"$WORK/$variant-$service.log" 2>&1 &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/live" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$variant $service exited while starting; see $WORK/$variant-$service.log"
    sleep 0.01
  done
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$elapsed $rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

variants=(jvm aot)
for service in "${SERVICES[@]}"; do
  compgen -G "$ROOT/$service/target/*-runner" >/dev/null && { variants+=(native); break; }
done

mkdir -p "$RESULTS"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
report="$RESULTS/startup-$stamp.md"
{
  echo "Start-up, median of $RUNS runs each ($(date -u +%F), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1))"
  echo
  echo "| service | variant | first request (ms) | RSS after start (MiB) | runs (ms) |"
  echo "| --- | --- | ---: | ---: | --- |"
} >"$report"
for service in "${SERVICES[@]}"; do
  for variant in "${variants[@]}"; do
    [[ "$variant" == native ]] && ! compgen -G "$ROOT/$service/target/*-runner" >/dev/null && continue
    say "$service / $variant: $RUNS starts"
    measure_once "$variant" "$service" >/dev/null   # warm the page cache; not counted
    times=(); rss=()
    for (( i = 0; i < RUNS; i++ )); do
      read -r t r < <(measure_once "$variant" "$service")
      times+=("$t"); rss+=("$r")
    done
    echo "| $service | $variant | $(printf '%s\n' "${times[@]}" | median) | $(printf '%s\n' "${rss[@]}" | median) | ${times[*]} |" >>"$report"
  done
done
cat "$report"
say "written to $report"

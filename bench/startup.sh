#!/usr/bin/env bash
# Start-up benchmark for api-service and worker-service against real PostgreSQL and Kafka (./overtime's local
# stack, infrastructure only): milliseconds from process launch to the first 200 from /q/health/live (first
# served request) and from /q/health/ready (database and Kafka connected), and resident memory (VmRSS) at ready.
# Variants:
#   jvm     the everyday fast-jar:            java -Xmx512m -jar quarkus-run.jar
#   aot     aot-jar + JDK 25 AOT cache:       java -Xmx512m -XX:AOTMode=on -XX:AOTCache=app.aot -jar quarkus-run.jar
#           (the cache is trained by the @QuarkusIntegrationTest suites under -Paot; AOTMode=on makes a cache the
#           JVM cannot use fail the start instead of being ignored)
#   native  only where <service>/target/*-runner exists (no GraalVM or Mandrel on our machines)
# Runs are interleaved (round 1: every service and variant, round 2: ...) so that load from other work on a shared
# machine hits all variants alike; one uncounted warm-up round first; medians reported.
#
#   bench/startup.sh                   builds both variants, then measures (RUNS=5)
#   RUNS=9 SKIP_BUILD=1 bench/startup.sh   reuses the plain copy in bench/.work/startup and the -Paot build in target/
#
# The aot variant runs in place from <service>/target/quarkus-app: app.aot holds the absolute paths of its training
# run, and the Quarkus launcher it restores reads quarkus/quarkus-application.dat from there, so a moved copy would
# read whatever is at the old path. The plain fast-jar is copied aside first. At the end the plain jars are rebuilt
# into target/ (KEEP_AOT=1 leaves the -Paot build there instead).
# Writes bench/results/startup-<UTC timestamp>.md and prints the same table. Leaves PostgreSQL and Kafka running
# (./overtime down stops them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${RUNS:-5}"
WORK="$ROOT/bench/.work/startup"
RESULTS="$ROOT/bench/results"
SERVICES=(api-service worker-service)

cd "$ROOT"
# shellcheck source=../overtime
source ./overtime          # say, die, find_jdk, java_major, local_stack
find_jdk
(( $(java_major "$JAVA_HOME") >= 25 )) || die "the AOT cache needs JDK 25+ (JAVA_HOME=$JAVA_HOME)"

MODULES="$(IFS=,; echo "${SERVICES[*]}")"

build_plain() {
  say "plain JVM: ./mvnw install -pl $MODULES -am -DskipTests"
  ./mvnw -B -q install -pl "$MODULES" -am -DskipTests
}

build_variants() {
  local service
  build_plain
  for service in "${SERVICES[@]}"; do
    rm -rf "${WORK:?}/jvm/$service"; mkdir -p "$WORK/jvm"
    cp -a "$service/target/quarkus-app" "$WORK/jvm/$service"
  done
  say "AOT cache: ./mvnw verify -Paot -pl $MODULES -am (the *IT suites are the training run; unit tests skipped)"
  ./mvnw -B -q verify -Paot -pl "$MODULES" -am -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
}

say "local PostgreSQL and Kafka (./overtime up with OVERTIME_INFRA_ONLY=1)"
OVERTIME_INFRA_ONLY=1 OVERTIME_SKIP_BUILD=1 ./overtime up >/dev/null
# KAFKA_BOOTSTRAP_SERVERS, JDBC_URL and OVERTIME_API_ADMIN_TOKEN of that stack (LocalStack env prints them).
STACK_ENV="$(local_stack env)"
source /dev/stdin <<<"$STACK_ENV"

# The first port from $1 on that nothing listens on.
first_free_port_from() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

[[ "${SKIP_BUILD:-0}" == 1 ]] || build_variants

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Prints "<ms to first live 200> <ms to first ready 200> <RSS MiB at ready>" for one start of one variant.
measure_once() {
  local variant="$1" service="$2" port management pid start live="" ready="" rss deadline log
  port="$(first_free_port_from 18000)"
  # Health answers on the management interface (quarkus.management.*), never on the public port.
  management="$(first_free_port_from 19000)"
  log="$WORK/$variant-$service.log"
  local cmd
  case "$variant" in
    jvm) cmd=(java -Xmx512m -jar "$WORK/jvm/$service/quarkus-run.jar") ;;
    aot) cmd=(java -Xmx512m -XX:AOTMode=on -XX:AOTCache="$ROOT/$service/target/quarkus-app/app.aot"
              -jar "$ROOT/$service/target/quarkus-app/quarkus-run.jar") ;;
    native) cmd=("$(compgen -G "$ROOT/$service/target/*-runner" | head -n 1)" -Xmx512m) ;;
  esac
  start="$(now_ms)"
  env QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management" KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" \
    QUARKUS_DATASOURCE_JDBC_URL="$JDBC_URL" QUARKUS_DATASOURCE_USERNAME=overtime QUARKUS_DATASOURCE_PASSWORD=overtime \
    OVERTIME_API_ADMIN_TOKEN="$OVERTIME_API_ADMIN_TOKEN" OVERTIME_API_JOB_TOKENS_SECRET="bench-job-tokens-$OVERTIME_API_ADMIN_TOKEN" \
    OPENAI_BASE_URL=http://127.0.0.1:9/v1 OPENAI_API_KEY=sk-bench \
    "${cmd[@]}" >"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 180))
  until [[ -n "$ready" ]]; do
    kill -0 "$pid" 2>/dev/null || die "$variant $service exited while starting; see $log"
    (( SECONDS < deadline )) || { kill -KILL "$pid"; die "$variant $service not ready within 180 s; see $log"; }
    if [[ -z "$live" ]]; then
      curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/live" 2>/dev/null && live=$(( $(now_ms) - start ))
    fi
    if [[ -n "$live" ]]; then
      curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" 2>/dev/null && ready=$(( $(now_ms) - start ))
    fi
    [[ -n "$ready" ]] || sleep 0.02
  done
  rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$live $ready $rss"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

variants=(jvm aot)
for service in "${SERVICES[@]}"; do
  [[ -f "$WORK/jvm/$service/quarkus-run.jar" ]] || die "no $WORK/jvm/$service; run without SKIP_BUILD=1"
  [[ -f "$service/target/quarkus-app/app.aot" ]] \
    || die "$service: no target/quarkus-app/app.aot (an app-cds.jsa means AppCDS was chosen); run without SKIP_BUILD=1"
done
if compgen -G "$ROOT/api-service/target/*-runner" >/dev/null && compgen -G "$ROOT/worker-service/target/*-runner" >/dev/null; then
  variants+=(native)
fi

declare -A live ready rss
say "warm-up round (not counted): page cache, PostgreSQL and Kafka connections"
for service in "${SERVICES[@]}"; do
  for variant in "${variants[@]}"; do measure_once "$variant" "$service" >/dev/null; done
done
for (( i = 1; i <= RUNS; i++ )); do
  for service in "${SERVICES[@]}"; do
    for variant in "${variants[@]}"; do
      out="$(measure_once "$variant" "$service")"
      read -r l r m <<<"$out"
      say "round $i/$RUNS $service $variant: live ${l} ms, ready ${r} ms, RSS ${m} MiB"
      live[$service/$variant]+="$l "; ready[$service/$variant]+="$r "; rss[$service/$variant]+="$m "
    done
  done
done

med() { tr ' ' '\n' <<<"$1" | grep . | median; }

mkdir -p "$RESULTS"
report="$RESULTS/startup-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "Start-up, median of $RUNS interleaved runs each ($(date -u +%F), $(nproc) cores, load average" \
    "$(cut -d' ' -f1-3 /proc/loadavg) at the end, $(java -version 2>&1 | head -n 1))"
  echo
  echo "| service | variant | first request, live (ms) | ready (ms) | RSS at ready (MiB) | ready, each run (ms) |"
  echo "| --- | --- | ---: | ---: | ---: | --- |"
  for service in "${SERVICES[@]}"; do
    for variant in "${variants[@]}"; do
      k="$service/$variant"
      echo "| $service | $variant | $(med "${live[$k]}") | $(med "${ready[$k]}") | $(med "${rss[$k]}") | ${ready[$k]% } |"
    done
    [[ " ${variants[*]} " == *" native "* ]] || echo "| $service | native | not available here (no GraalVM/Mandrel) | | | |"
  done
  echo
  echo "AOT vs plain JVM (ratio of medians, lower is better):"
  for service in "${SERVICES[@]}"; do
    awk -v s="$service" -v jl="$(med "${live[$service/jvm]}")" -v al="$(med "${live[$service/aot]}")" \
        -v jr="$(med "${ready[$service/jvm]}")" -v ar="$(med "${ready[$service/aot]}")" \
        -v jm="$(med "${rss[$service/jvm]}")" -v am="$(med "${rss[$service/aot]}")" \
        'BEGIN { printf "- %s: live %.2f, ready %.2f, RSS %.2f\n", s, al / jl, ar / jr, am / jm }'
  done
} >"$report"
cat "$report"
say "written to $report"

if [[ "${KEEP_AOT:-0}" != 1 ]]; then
  say "restoring the everyday build in target/"
  build_plain
fi

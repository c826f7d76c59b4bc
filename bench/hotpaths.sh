#!/usr/bin/env bash
# Hot paths, side by side with a bare Quarkus app (issue 13). A benchmark, not a test: run it by hand on a quiet
# machine and record the figures in docs/BENCHMARKS.md.
#
# Starts the local stack (./overtime up: S3Proxy, PostgreSQL, Kafka, the simulator as moderation and accounts, the
# API) and stops its worker, so the queue only grows; inserts a backlog of BACKLOG_QUEUED queued and BACKLOG_RUNNING
# running jobs straight into PostgreSQL (another owner's: what the queue position and the indexes must cope with);
# starts bench/bare-app (the same routes on the same Quarkus and JVM flags, doing no work). Then, in ROUNDS interleaved
# rounds (the order of the two apps alternates), it loads each path for DURATION with `hey` (CONNECTIONS
# connections) and prints requests/s, p50 and p99 per path, the ratio to the bare app, and hey's own CPU:
#
#   accept-6k    POST /v1/image-edits, samples/photo.png + mask.png (6 KB)
#   accept-2.7m  POST /v1/image-edits, a 1024x1024 photo-like PNG (bench/make_photo.py, ~2.9 MB) + mask
#   get-200      GET /v1/image-edits/{id} of a queued job (at the back of the backlog)
#   get-304      the same with If-None-Match: its ETag
#   list-20      GET /v1/image-edits?limit=20
#   get-200-nb, get-304-nb  as get-200 and get-304, but the bare app answers them on its event loop (@NonBlocking),
#                as the API does from its cache; the plain ones compare with Quarkus' default, a worker thread
#
# and last the p99 of accept-6k at half the rate it reached. JFR=1 records a profile (settings=profile) of the API
# over one more round of every path, one file per path, and prints where the samples fall by component.
#
#   bench/hotpaths.sh                          # ROUNDS=3 DURATION=10s CONNECTIONS=32 WARMUP=10s
#   ROUNDS=1 DURATION=5s bench/hotpaths.sh     # a quick look
#   JFR=1 bench/hotpaths.sh
#   PATHS="get-200 get-304" bench/hotpaths.sh
#   OWNERS=8 PATHS="accept-6k accept-2.7m" bench/hotpaths.sh   # the accepts spread over 8 owners
#
# An owner's submits take turns on its credit and queue locks through their commit, so one owner sending everything
# (OWNERS=1, the default) measures that turn; OWNERS=N splits the accepts' connections over N owners (one key and
# one hey each, the results summed; the bare app gets the same split), which is what many users of one API send.
# The API runs with the rate limits per key and per owner and the owner's queue cap lifted (one key sends everything)
# and enough simulator credits; every
# other setting is the default. OVERTIME_SKIP_BUILD=1 uses the jars as built; ./overtime down stops the stack.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
BACKLOG_QUEUED="${BACKLOG_QUEUED:-10000}"
BACKLOG_RUNNING="${BACKLOG_RUNNING:-500}"
PATHS="${PATHS:-accept-6k accept-2.7m get-200 get-304 get-200-nb get-304-nb list-20}"
OWNERS="${OWNERS:-1}"
(( CONNECTIONS % OWNERS == 0 && 8 % OWNERS == 0 )) \
  || { echo "OWNERS must divide CONNECTIONS ($CONNECTIONS) and the half-rate run's 8 connections" >&2; exit 1; }
JAVA_OPTS="${OVERTIME_JAVA_OPTS:--Xmx512m}"
BARE_PORT="${BARE_PORT:-8095}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
OUT="$ROOT/bench/results/hotpaths-$(date -u +%Y%m%dT%H%M%SZ)"
IMAGES="$ROOT/.overtime/bench-images"
mkdir -p "$OUT" "$IMAGES"

say() { printf '==> %s\n' "$*" >&2; }

command -v hey >/dev/null || { echo "hey is missing: apt-get install -y hey" >&2; exit 1; }

if [[ ! -f "$IMAGES/photo-1024.png" ]]; then
  say "making a 1024x1024 photo-like PNG and its mask"
  python3 "$ROOT/bench/make_photo.py" "$IMAGES/photo-1024.png" 1024 1024 "$IMAGES/mask-1024.png"
fi

# ---------------------------------------------------------------- the two apps

say "restarting the stack so that its API gets the bench's settings (./overtime down, then up)"
"$ROOT/overtime" down >/dev/null 2>&1 || true
export OVERTIME_API_LIMITS_RATE_REQUESTS_PER_SECOND="${OVERTIME_API_LIMITS_RATE_REQUESTS_PER_SECOND:-1000000}"
export OVERTIME_API_LIMITS_RATE_BURST="${OVERTIME_API_LIMITS_RATE_BURST:-1000000}"
# The owner's own limits (per minute, all its keys; queued edits) too: one owner sends everything here.
export OVERTIME_LIMITS_REQUESTS_PER_MINUTE="${OVERTIME_LIMITS_REQUESTS_PER_MINUTE:-1000000000}"
export OVERTIME_LIMITS_MAX_QUEUED_JOBS="${OVERTIME_LIMITS_MAX_QUEUED_JOBS:-1000000}"
export OVERTIME_SIMULATOR_ACCOUNTS_REMAINING_CREDITS="${OVERTIME_SIMULATOR_ACCOUNTS_REMAINING_CREDITS:-1000000000}"
"$ROOT/overtime" up >"$OUT/up.log" 2>&1 || { tail -n 40 "$OUT/up.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
API_PID="$(cat "$ROOT/.overtime/pids/api.pid")"
WORKER_PID_FILE="$ROOT/.overtime/pids/worker.pid"
if [[ -f "$WORKER_PID_FILE" ]] && kill -0 "$(cat "$WORKER_PID_FILE")" 2>/dev/null; then
  say "stopping the worker (pid $(cat "$WORKER_PID_FILE")): the backlog must stay queued"
  kill "$(cat "$WORKER_PID_FILE")"
  while kill -0 "$(cat "$WORKER_PID_FILE")" 2>/dev/null; do sleep 0.5; done
fi

BARE_JAR="$ROOT/bench/bare-app/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$BARE_JAR" || "${OVERTIME_SKIP_BUILD:-0}" != 1 ]]; then
  say "building the bare app"
  (cd "$ROOT" && ./mvnw -o -q -f bench/bare-app/pom.xml package -DskipTests) >"$OUT/bare-build.log" 2>&1 \
    || { tail -n 40 "$OUT/bare-build.log" >&2; exit 1; }
fi
say "starting the bare app on :$BARE_PORT ($JAVA_OPTS)"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $JAVA_OPTS -XX:+ExitOnOutOfMemoryError -Dquarkus.http.port="$BARE_PORT" -jar "$BARE_JAR" \
  >"$OUT/bare.log" 2>&1 &
BARE_PID=$!
trap 'kill "$BARE_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$BARE_PORT/v1/image-edits?limit=1" && break
  sleep 0.5
done
BARE_URL="http://127.0.0.1:$BARE_PORT"

# ---------------------------------------------------------------- backlog, key, bodies

PSQL_URL="postgresql://${DB_USER:-overtime}:${DB_PASSWORD:-overtime}@${JDBC_URL#jdbc:postgresql://}"
say "backlog: $BACKLOG_QUEUED queued and $BACKLOG_RUNNING running jobs of owner bench-backlog (straight into PostgreSQL)"
psql -q "$PSQL_URL" -v ON_ERROR_STOP=1 <<SQL
delete from image_edit_jobs where owner = 'bench-backlog';
insert into image_edit_jobs (id, owner, status, model, prompt, n, size, attempts, moderation_status,
                             created_at, updated_at, started_at, lease_owner, lease_expires_at)
select gen_random_uuid(), 'bench-backlog', case when g <= $BACKLOG_RUNNING then 'running' else 'queued' end,
       'gpt-image-1.5', 'backlog edit ' || g, 1, 'auto', case when g <= $BACKLOG_RUNNING then 1 else 0 end, 'passed',
       now() - interval '1 hour' + g * interval '1 millisecond', now(),
       case when g <= $BACKLOG_RUNNING then now() end,
       case when g <= $BACKLOG_RUNNING then 'bench-stopped-worker' end,
       case when g <= $BACKLOG_RUNNING then now() + interval '1 day' end
  from generate_series(1, $BACKLOG_QUEUED + $BACKLOG_RUNNING) g;
analyze image_edit_jobs;
SQL

OWNER="bench-hot-$(date +%s)"
KEY="$("$ROOT/overtime" key "$OWNER" | tail -n 1)"
# The accepts' other owners, when OWNERS > 1; the first one is OWNER.
KEYS=("$KEY")
for i in $(seq 2 "$OWNERS"); do KEYS+=("$("$ROOT/overtime" key "$OWNER-$i" | tail -n 1)"); done

# One multipart body per size, built once; hey sends it as is (same prompt every time, as a retrying client would).
python3 - "$OUT" "$ROOT/samples/photo.png" "$ROOT/samples/mask.png" "$IMAGES/photo-1024.png" "$IMAGES/mask-1024.png" <<'PY'
import sys
out, small_image, small_mask, big_image, big_mask = sys.argv[1:6]
def body(image, mask):
    b = b'overtimebenchboundary'
    parts = [b'--' + b + b'\r\nContent-Disposition: form-data; name="prompt"\r\n\r\npaint the circle sunset orange\r\n',
             b'--' + b + b'\r\nContent-Disposition: form-data; name="size"\r\n\r\nauto\r\n']
    for name, path in (('image', image), ('mask', mask)):
        parts.append(b'--' + b + f'\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.png"\r\n'
                     f'Content-Type: image/png\r\n\r\n'.encode() + open(path, 'rb').read() + b'\r\n')
    parts.append(b'--' + b + b'--\r\n')
    return b''.join(parts)
open(f'{out}/body-6k.bin', 'wb').write(body(small_image, small_mask))
open(f'{out}/body-2.7m.bin', 'wb').write(body(big_image, big_mask))
PY
MULTIPART='multipart/form-data; boundary=overtimebenchboundary'
say "bodies: $(stat -c %s "$OUT/body-6k.bin") and $(stat -c %s "$OUT/body-2.7m.bin") bytes"

# The job every GET reads: accepted now, so it waits behind the whole backlog.
curl -fsS -D "$OUT/job.headers" -o "$OUT/job.json" -H "Authorization: Bearer $KEY" -H "Content-Type: $MULTIPART" \
  --data-binary "@$OUT/body-6k.bin" "$API_URL/v1/image-edits"
JOB_ID="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$OUT/job.json")"
JOB_ETAG="$(curl -fsS -o /dev/null -D - -H "Authorization: Bearer $KEY" "$API_URL/v1/image-edits/$JOB_ID" \
  | awk -F': ' 'tolower($1) == "etag" { sub(/\r$/, "", $2); print $2 }')"
say "job $JOB_ID, ETag $JOB_ETAG, queue position $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("queuePosition"))' "$OUT/job.json")"

# ---------------------------------------------------------------- load

# Runs hey against one app and path; writes hey's report and its CPU seconds; prints "rps p50_ms p99_ms codes".
# The accepts run one hey per owner (OWNERS), each with its share of the connections; their figures are summed
# (requests/s, answers, CPU), p50 is their median and p99 their highest.
load() {
  local app="$1" path="$2" duration="$3" file="$4"; shift 4
  local base etag url
  if [[ "$app" == overtime ]]; then base="$API_URL"; etag="$JOB_ETAG"; else base="$BARE_URL"; etag='"bare-1"'; fi
  local args=(-z "$duration" "$@")
  case "$path" in
    accept-6k)   args+=(-m POST -T "$MULTIPART" -D "$OUT/body-6k.bin"); url="$base/v1/image-edits" ;;
    accept-2.7m) args+=(-m POST -T "$MULTIPART" -D "$OUT/body-2.7m.bin"); url="$base/v1/image-edits" ;;
    get-200)     url="$base/v1/image-edits/$JOB_ID" ;;
    get-304)     args+=(-H "If-None-Match: $etag"); url="$base/v1/image-edits/$JOB_ID" ;;
    get-200-nb)  url="$base/v1/image-edits/$JOB_ID"; [[ "$app" == bare ]] && url+=/nonblocking ;;
    get-304-nb)  args+=(-H "If-None-Match: $etag"); url="$base/v1/image-edits/$JOB_ID"
                 [[ "$app" == bare ]] && url+=/nonblocking ;;
    list-20)     url="$base/v1/image-edits?limit=20" ;;
  esac
  local owners=1
  [[ "$path" == accept-* ]] && owners="$OWNERS"
  local i parts=() pids=()
  for i in $(seq 1 "$owners"); do
    parts+=("$file.$i")
    /usr/bin/time -f '%U %S' -o "$file.$i.cpu" hey -c "$(( CONNECTIONS / owners ))" \
      -H "Authorization: Bearer ${KEYS[$((i - 1))]}" "${args[@]}" "$url" >"$file.$i" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"   # not the bare app, also a child of this shell
  cat "${parts[@]}" >"$file"
  awk '{ u += $1; s += $2 } END { print u, s }' "${parts[@]/%/.cpu}" >"$file.cpu"
  python3 - "${parts[@]}" <<'PY'
import re, statistics, sys
rps, p50s, p99s, codes = 0.0, [], [], {}
for name in sys.argv[1:]:
    text = open(name).read()
    rps += float(re.search(r'Requests/sec:\s+([\d.]+)', text).group(1))
    def pct(p):
        m = re.search(rf'\s{p}%+ in ([\d.]+) secs', text)
        return float(m.group(1)) * 1000 if m else float('nan')
    p50s.append(pct(50)); p99s.append(pct(99))
    for c, n in re.findall(r'\[(\d+)\]\s+(\d+) responses', text):
        codes[c] = codes.get(c, 0) + int(n)
p99s = [p for p in p99s if p == p] or [float('nan')]   # a hey that got no answer prints no percentiles
print(f'{rps:.1f} {statistics.median(p50s):.2f} {max(p99s):.2f} '
      f'{",".join(f"{c}x{n}" for c, n in sorted(codes.items())) or "none"}')
PY
}

say "warm-up: $WARMUP per path and app (not counted)"
for path in $PATHS; do
  for app in overtime bare; do
    load "$app" "$path" "$WARMUP" "$OUT/warmup-$app-$path.txt" >/dev/null
  done
done

: >"$OUT/rounds.txt"
for round in $(seq 1 "$ROUNDS"); do
  apps=(overtime bare)
  (( round % 2 == 0 )) && apps=(bare overtime)
  for path in $PATHS; do
    for app in "${apps[@]}"; do
      result="$(load "$app" "$path" "$DURATION" "$OUT/round$round-$app-$path.txt")"
      echo "$round $path $app $result $(cat "$OUT/round$round-$app-$path.txt.cpu")" >>"$OUT/rounds.txt"
      say "round $round $path $app: $result"
    done
  done
done

HALF_P99=""
if [[ " $PATHS " == *" accept-6k "* ]]; then
  MAX_RPS="$(awk '$2 == "accept-6k" && $3 == "overtime" { print $4 }' "$OUT/rounds.txt" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  HALF_PER_CONNECTION="$(python3 -c "print(max(1, round($MAX_RPS / 2 / 8)))")"
  say "accept-6k at half its rate: 8 connections x $HALF_PER_CONNECTION/s"
  CONNECTIONS=8 load overtime accept-6k "$DURATION" "$OUT/half-rate.txt" -q "$HALF_PER_CONNECTION" >"$OUT/half-rate.result"
  HALF_P99="$(cat "$OUT/half-rate.result")"
fi

if [[ "${JFR:-0}" == 1 ]]; then
  for path in $PATHS; do
    say "JFR: profiling the API over $DURATION of $path"
    "$JAVA_HOME/bin/jcmd" "$API_PID" JFR.start name=hot settings=profile filename="$OUT/api-$path.jfr" >/dev/null
    load overtime "$path" "$DURATION" "$OUT/jfr-$path.txt" >/dev/null
    "$JAVA_HOME/bin/jcmd" "$API_PID" JFR.stop name=hot >/dev/null
    python3 "$ROOT/bench/jfr_components.py" "$OUT/api-$path.jfr" >"$OUT/api-$path.components.txt"
  done
fi

python3 - "$OUT" "$HALF_P99" "$ROUNDS" "$DURATION" "$CONNECTIONS" "$OWNERS" <<'PY'
import collections, statistics, sys
out, half, rounds, duration, connections, owners = sys.argv[1:7]
rows = collections.defaultdict(list)
for line in open(f'{out}/rounds.txt'):
    r, path, app, rps, p50, p99, codes, user, system = line.split()
    rows[(path, app)].append((float(rps), float(p50), float(p99), codes, float(user) + float(system)))
paths = list(dict.fromkeys(p for p, _ in rows))
def med(values): return statistics.median(values)
lines = [f'{rounds} rounds x {duration}, {connections} connections, accepts from {owners} owner(s), medians (each round: rps)', '',
         '| path | Overtime req/s | p50 ms | p99 ms | bare req/s | p50 ms | p99 ms | ratio | Overtime each round | hey CPU s/round | answers (Overtime) |',
         '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |']
for path in paths:
    o, b = rows[(path, 'overtime')], rows[(path, 'bare')]
    ratio = med([x[0] for x in o]) / med([x[0] for x in b])
    lines.append(f'| {path} | {med([x[0] for x in o]):.0f} | {med([x[1] for x in o]):.1f} | {med([x[2] for x in o]):.1f} '
                 f'| {med([x[0] for x in b]):.0f} | {med([x[1] for x in b]):.1f} | {med([x[2] for x in b]):.1f} '
                 f'| **{ratio:.2f}** | {" ".join(f"{x[0]:.0f}" for x in o)} | {med([x[4] for x in o + b]):.1f} | {o[-1][3]} |')
if half:
    rps, p50, p99, codes = half.split()[:4]
    lines += ['', f'accept-6k at half its rate: {rps} req/s, p50 {p50} ms, **p99 {p99} ms** ({codes})']
report = '\n'.join(lines)
open(f'{out}/report.md', 'w').write(report + '\n')
print(report)
PY
say "removing the backlog and the bench's own jobs, so the next worker does not run them"
psql -q "$PSQL_URL" -c "delete from image_edit_jobs where owner = 'bench-backlog' or owner like '$OWNER%'" || true
say "results in $OUT; the stack is still up without its worker: ./overtime down stops it"

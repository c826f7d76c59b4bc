#!/usr/bin/env bash
# Fairness benchmark: 20 owners of unequal load share one worker at a fixed simulated latency. All owners submit
# their edits at once, interleaved as tenants arriving together would (ORDER=biggest-first sends the biggest backlogs
# first instead, where first-come-first-served would serve the small owners last, and the small owners' first edits
# wait for the first slots to free: one edit latency more than an even share); the script waits for every edit and reports, per owner, the queue wait (startedAt - createdAt) at p50 and p95 beside
# what an even share of the worker would give that owner: with SLOTS edits at once split evenly over the 20 owners
# (SLOTS/20 each), the owner's k-th edit waits floor(k / (SLOTS/20)) edit latencies. Fair scheduling should do at
# least as well for every owner: the script exits non-zero if some owner's p95 is worse than its even share plus
# SLACK_S. A benchmark, not a test: run it by hand and record the figures in docs/BENCHMARKS.md.
#
# The worker's concurrency is what makes owners compete, so this script restarts the local stack (./overtime down,
# then up) with OVERTIME_WORKER_MAX_IN_FLIGHT=$SLOTS and every owner's maxConcurrentEdits left at its default.
#
#   bench/fairness.sh                                       # 20 owners, 40 s latency, 40 slots: about 10 minutes
#   LATENCY=10s bench/fairness.sh                           # the same shape, four times faster
#   LOADS="100 50 20 10 5" SLOTS=10 LATENCY=5s bench/fairness.sh   # any number of owners and loads
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LATENCY="${LATENCY:-40s}"
SLOTS="${SLOTS:-40}"
# Edits per owner, biggest first: 460 edits, a little under twelve rounds of 40 slots.
LOADS="${LOADS:-150 80 50 40 30 20 15 12 10 8 8 6 6 5 4 4 3 3 2 2}"
UPLOAD_CONCURRENCY="${UPLOAD_CONCURRENCY:-8}"
ORDER="${ORDER:-interleaved}"
SLACK_S="${SLACK_S:-5}"
TIMEOUT_SECONDS="${TIMEOUT_SECONDS:-3600}"
PHOTO="${PHOTO:-$ROOT/samples/photo.png}"
MASK="${MASK:-$ROOT/samples/mask.png}"
OUT="$ROOT/bench/results"
RUN="$OUT/fairness-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"

say() { printf '==> %s\n' "$*" >&2; }

say "restarting the local stack with OVERTIME_WORKER_MAX_IN_FLIGHT=$SLOTS"
"$ROOT/overtime" down >"$RUN/down.log" 2>&1 || true
OVERTIME_WORKER_MAX_IN_FLIGHT="$SLOTS" "$ROOT/overtime" up >"$RUN/up.log" 2>&1 || { cat "$RUN/up.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$ROOT/.overtime/stack.env"
SIMULATOR_URL="${OPENAI_BASE_URL%/v1}"
trap 'curl -fsS -X POST "$SIMULATOR_URL/__simulator/reset" >/dev/null || true' EXIT

say "simulator latency -> $LATENCY (runtime config; reset afterwards)"
curl -fsS -X PUT "$SIMULATOR_URL/__simulator/config" -H 'Content-Type: application/json' \
  -d "{\"latency\":\"$LATENCY\",\"faults\":\"none\"}" >/dev/null

RUN_ID="$(date +%s)"
KEYS=()
i=0
for load in $LOADS; do
  i=$((i + 1))
  owner="$(printf 'fair-%s-%02d' "$RUN_ID" "$i")"
  KEYS+=("$owner=$load=$("$ROOT/overtime" key "$owner" | tail -n 1)")
done
say "${#KEYS[@]} owners, loads: $LOADS"

python3 - "$API_URL" "$PHOTO" "$MASK" "$SLOTS" "$SLACK_S" "$TIMEOUT_SECONDS" "$UPLOAD_CONCURRENCY" "$RUN" "$ORDER" \
  "${KEYS[@]}" <<'PY'
import datetime, http.client, json, math, statistics, sys, threading, time, urllib.parse, uuid
api, photo, mask, slots, slack, timeout, concurrency, run, order = sys.argv[1:10]
slots, slack, timeout, concurrency = int(slots), float(slack), int(timeout), int(concurrency)
owners = [arg.split("=", 2) for arg in sys.argv[10:]]  # owner, load, key
image, mask_bytes = open(photo, "rb").read(), open(mask, "rb").read()
url = urllib.parse.urlparse(api)

def connection():
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=120)

def multipart(fields, files):
    boundary = uuid.uuid4().hex
    chunks = [f'--{boundary}\r\nContent-Disposition: form-data; name="{n}"\r\n\r\n{v}\r\n'.encode() for n, v in fields]
    for name, filename, data in files:
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                      f'Content-Type: image/png\r\n\r\n'.encode() + data + b'\r\n')
    chunks.append(f'--{boundary}--\r\n'.encode())
    return f'multipart/form-data; boundary={boundary}', b''.join(chunks)

# Every owner's edits in one list, in the order they are sent.
if order == "biggest-first":
    work = [(owner, key, n) for owner, load, key in owners for n in range(int(load))]
else:
    rounds = max(int(load) for _, load, _ in owners)
    work = [(owner, key, n) for n in range(rounds) for owner, load, key in owners if n < int(load)]
jobs = {owner: [] for owner, _, _ in owners}
lock, cursor = threading.Lock(), [0]

def submitter():
    conn = connection()
    while True:
        with lock:
            if cursor[0] >= len(work):
                return
            owner, key, n = work[cursor[0]]
            cursor[0] += 1
        content_type, body = multipart([("prompt", f"fairness {owner} {n}"), ("size", "auto"), ("quality", "low")],
                                       [("image", "photo.png", image), ("mask", "mask.png", mask_bytes)])
        for attempt in range(20):
            try:
                conn.request("POST", "/v1/image-edits", body, {"Authorization": f"Bearer {key}", "Content-Type": content_type})
                response = conn.getresponse()
                answer = json.loads(response.read() or b"{}")
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = connection()
                continue
            if response.status == 202:
                with lock:
                    jobs[owner].append(answer["id"])
                break
            if response.status in (429, 503):
                time.sleep(float(response.getheader("Retry-After") or 1))
                continue
            raise SystemExit(f"submit answered {response.status}: {answer}")

started = time.time()
threads = [threading.Thread(target=submitter) for _ in range(concurrency)]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = sum(len(ids) for ids in jobs.values())
print(f"==> {total} edits accepted in {time.time() - started:.1f} s", file=sys.stderr)

def parse(ts):
    return datetime.datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() if ts else None

keys = {owner: key for owner, _, key in owners}
views, conn = {}, connection()
pending = [(owner, jid) for owner, ids in jobs.items() for jid in ids]
while pending:
    if time.time() - started > timeout:
        raise SystemExit(f"timed out with {len(pending)} edits not finished")
    still = []
    for owner, jid in pending:
        conn.request("GET", f"/v1/image-edits/{jid}", headers={"Authorization": f"Bearer {keys[owner]}"})
        response = conn.getresponse()
        view = json.loads(response.read())
        if view.get("status") in ("succeeded", "failed", "canceled"):
            views[jid] = view
        else:
            still.append((owner, jid))
    pending = still
    if pending:
        print(f"==> {len(pending)} edits still queued or running", file=sys.stderr)
        time.sleep(5)

latencies = [parse(v["finishedAt"]) - parse(v["startedAt"]) for v in views.values() if v.get("startedAt")]
latency = statistics.median(latencies)
share = slots / len(owners)

def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

rows, worse = [], []
for owner, load, _ in owners:
    waits = [parse(views[j]["startedAt"]) - parse(views[j]["createdAt"]) for j in jobs[owner] if views[j].get("startedAt")]
    # The even share: this owner's k-th edit (k from 0) starts after floor(k / share) edit latencies.
    even = [math.floor(k / share) * latency for k in range(len(jobs[owner]))]
    row = {"owner": owner, "edits": len(jobs[owner]), "failed": sum(views[j]["status"] != "succeeded" for j in jobs[owner]),
           "p50_wait_s": round(percentile(waits, 0.5), 1), "p95_wait_s": round(percentile(waits, 0.95), 1),
           "even_share_p50_s": round(percentile(even, 0.5), 1), "even_share_p95_s": round(percentile(even, 0.95), 1)}
    row["ok"] = row["p95_wait_s"] <= row["even_share_p95_s"] + slack
    rows.append(row)
    if not row["ok"]:
        worse.append(owner)

summary = {"owners": len(owners), "edits": total, "slots": slots, "order": order, "edit_latency_s": round(latency, 1),
           "makespan_s": round(max(parse(v["finishedAt"]) for v in views.values()) - started, 1),
           "owners_worse_than_even_share": worse, "per_owner": rows}
json.dump(summary, open(f"{run}/summary.json", "w"), indent=2)
print(f"{'owner':<22}{'edits':>6}{'p50 wait':>10}{'p95 wait':>10}{'even p50':>10}{'even p95':>10}  ok")
for r in rows:
    print(f"{r['owner']:<22}{r['edits']:>6}{r['p50_wait_s']:>10}{r['p95_wait_s']:>10}"
          f"{r['even_share_p50_s']:>10}{r['even_share_p95_s']:>10}  {'yes' if r['ok'] else 'NO'}")
print(f"edit latency {latency:.1f} s, {slots} slots, makespan {summary['makespan_s']} s; results in {run}/summary.json")
sys.exit(1 if worse else 0)
PY

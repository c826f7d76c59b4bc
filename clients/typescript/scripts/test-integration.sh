#!/usr/bin/env bash
# The tests against the running stack, one file at a time (some change the simulator's latency for their run).
# Node 20 and 21 have WebSocket only behind --experimental-websocket; later versions have it built in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
flags=()
node -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' || flags=(--experimental-websocket)
exec node "${flags[@]}" --test --test-concurrency=1 test/integration/

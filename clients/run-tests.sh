#!/usr/bin/env bash
# Every test of the TypeScript client and the Next.js example, against a running Overtime stack:
#   clients/typescript: npm ci, build, unit tests, drift check of the generated types, integration tests,
#                       npm pack + a script outside the repository importing the tarball;
#   examples/nextjs:    npm ci, next build, the browser test in headless Debian chromium.
# The stack's coordinates come from OVERTIME_API_URL, OVERTIME_API_KEY, OVERTIME_ADMIN_TOKEN and
# OVERTIME_SIMULATOR_URL, or from .overtime/stack.env (written by ./overtime up). Needs node >= 20, npm, and
# /usr/bin/chromium (or CHROMIUM). Registries: npm only; nothing is downloaded at test time besides packages.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
client="$repo/clients/typescript"
example="$repo/examples/nextjs"
say() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'clients/run-tests.sh: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is missing (Debian: apt-get install -y nodejs npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' || die "node >= 20 needed, found $(node --version)"
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || die "no chromium at ${CHROMIUM:-/usr/bin/chromium} (Debian: apt-get install -y chromium)"

stack_env="$repo/.overtime/stack.env"
from_stack_env() { [[ -f "$stack_env" ]] && sed -n "s/^$1=//p" "$stack_env" | head -n 1; }
export OVERTIME_API_URL="${OVERTIME_API_URL:-$(from_stack_env API_URL)}"
export OVERTIME_API_KEY="${OVERTIME_API_KEY:-$(from_stack_env API_KEY)}"
export OVERTIME_ADMIN_TOKEN="${OVERTIME_ADMIN_TOKEN:-$(from_stack_env OVERTIME_API_ADMIN_TOKEN)}"
simulator="$(from_stack_env OPENAI_BASE_URL)"
export OVERTIME_SIMULATOR_URL="${OVERTIME_SIMULATOR_URL:-${simulator%/v1}}"
for name in OVERTIME_API_URL OVERTIME_API_KEY OVERTIME_ADMIN_TOKEN OVERTIME_SIMULATOR_URL; do
  [[ -n "${!name}" ]] || die "$name is unset and not in $stack_env: start the stack (./overtime up) first"
done
# Health answers on the API's management interface, not on its public port.
api_management="$(from_stack_env API_MANAGEMENT_URL)"
curl -fsS -o /dev/null "${OVERTIME_API_MANAGEMENT_URL:-${api_management:-http://127.0.0.1:9000}}/q/health/ready" \
  || die "the API at $OVERTIME_API_URL is not ready"
export NEXT_TELEMETRY_DISABLED=1
npm_ci() { (cd "$1" && npm ci --no-audit --no-fund --loglevel=error); }

say "clients/typescript: npm ci and build"
npm_ci "$client"
(cd "$client" && npm run --silent build)

say "clients/typescript: unit tests"
(cd "$client" && npm run --silent test:unit)

say "clients/typescript: generated types match the API (drift check)"
(cd "$client" && npm run --silent check:drift)

say "clients/typescript: tests against the stack at $OVERTIME_API_URL"
(cd "$client" && npm run --silent test:integration)

say "clients/typescript: npm pack, then import the tarball from outside the repository"
(cd "$client" && npm run --silent check:pack)

say "examples/nextjs: npm ci and next build"
npm_ci "$example"
(cd "$example" && npx --no-install next build)

say "examples/nextjs: browser test in headless chromium"
(cd "$example" && node test/edit-in-browser.mjs)

say "all client and example tests passed"

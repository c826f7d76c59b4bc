#!/usr/bin/env bash
# Fails when the committed OpenAPI document or the generated types differ from what the API and common/ say now:
# regenerates them (from the running API when OVERTIME_API_URL is set or .overtime/stack.env exists, else from the
# committed document) and asks git for any difference. Fix a failure with `npm run generate` and commit the result.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ -z "${OVERTIME_API_URL:-}" && -f "$repo/.overtime/stack.env" ]]; then
  OVERTIME_API_URL="$(sed -n 's/^API_URL=//p' "$repo/.overtime/stack.env")"
fi
export OVERTIME_API_URL="${OVERTIME_API_URL:-}"
cd "$here"
node scripts/generate.mjs
paths=(openapi src/generated)
untracked="$(git ls-files --others --exclude-standard -- "${paths[@]}")"
if ! git diff --exit-code --stat -- "${paths[@]}" || [[ -n "$untracked" ]]; then
  echo "drift: the generated files above differ from the API's OpenAPI document or common/'s enums" >&2
  [[ -z "$untracked" ]] || echo "untracked: $untracked" >&2
  git --no-pager diff -- "${paths[@]}" | head -n 60 >&2
  exit 1
fi
echo "==> no drift: openapi/ and src/generated/ match the API and common/" >&2

#!/usr/bin/env bash
# Packs @overtime/client as it would be published, checks its version is the project's (pom.xml 0.1.0-SNAPSHOT →
# npm 0.1.0-snapshot: semver pre-release identifiers are case-sensitive and npm's convention is lower case), then
# installs the tarball in a scratch project outside the repository and runs scripts/outside-import.mjs there:
# create an edit from samples/photo.png, wait, and check output 0 is a PNG. Needs the running stack (env or
# .overtime/stack.env), like the integration tests.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$(cd "$here/../.." && pwd)"
say() { printf '==> %s\n' "$*" >&2; }

pom_version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$repo/pom.xml" | head -n 1)"
expected="$(printf '%s' "$pom_version" | sed 's/-SNAPSHOT$/-snapshot/')"
actual="$(node -p "require('$here/package.json').version")"
[[ "$actual" == "$expected" ]] || { echo "package.json version $actual, but pom.xml $pom_version maps to $expected" >&2; exit 1; }
say "version $actual (from pom.xml $pom_version)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
say "npm pack → $out"
tarball="$(cd "$here" && npm pack --silent --pack-destination "$out" | tail -n 1)"
say "packed $tarball: $(tar -tzf "$out/$tarball" | tr '\n' ' ')"
if tar -tzf "$out/$tarball" | grep -Eq '/(src|test|scripts|node_modules)/'; then
  echo "the tarball carries sources, tests or scripts" >&2; exit 1
fi

scratch="$out/outside"
mkdir -p "$scratch"
cp "$here/scripts/outside-import.mjs" "$scratch/"
printf '{ "name": "overtime-outside-check", "private": true, "type": "module" }\n' > "$scratch/package.json"
say "npm install $tarball in $scratch (outside the repository)"
(cd "$scratch" && npm install --no-audit --no-fund --silent "$out/$tarball")
[[ -z "$(ls "$scratch/node_modules" | grep -v '^@overtime$' | grep -v '^\.package-lock.json$' || true)" ]] ||
  { echo "installing the tarball pulled in dependencies: $(ls "$scratch/node_modules")" >&2; exit 1; }

# The stack's coordinates, for a script that knows nothing about this repository.
if [[ -z "${OVERTIME_API_URL:-}" && -f "$repo/.overtime/stack.env" ]]; then
  OVERTIME_API_URL="$(sed -n 's/^API_URL=//p' "$repo/.overtime/stack.env")"
  OVERTIME_API_KEY="$(sed -n 's/^API_KEY=//p' "$repo/.overtime/stack.env")"
fi
say "node outside-import.mjs"
(cd "$scratch" && OVERTIME_API_URL="$OVERTIME_API_URL" OVERTIME_API_KEY="$OVERTIME_API_KEY" \
  PHOTO="$repo/samples/photo.png" node outside-import.mjs)

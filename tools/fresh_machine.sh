#!/usr/bin/env bash
# Clone this repository into an empty folder and run the README's two commands exactly as
# written, so a missing install step is caught. Usage: tools/fresh_machine.sh [--skip-test]
# The papers are found beside the clone, as CI lays them out (../shared/papers).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$here" "$work/repo"
if [ -d "$here/../shared" ]; then ln -s "$here/../shared" "$work/shared"; fi
cd "$work/repo"
commands=$(grep -E '^make (report|test)( |$)' README.md | sed 's/ *#.*//')
[ "$(echo "$commands" | wc -l)" -eq 2 ] || { echo "README must list make report and make test"; exit 1; }
while read -r cmd; do
  if [ "${1:-}" = "--skip-test" ] && [ "$cmd" = "make test" ]; then continue; fi
  echo "fresh machine: $cmd"
  env -u VIRTUAL_ENV bash -c "$cmd"
done <<< "$commands"
test -f reports/index.html || { echo "make report did not write reports/index.html"; exit 1; }
echo "fresh machine: the README's commands work from a clean clone"

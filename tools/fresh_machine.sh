#!/usr/bin/env bash
# Clone this repository into an empty folder and run the README's two commands exactly as
# written, so a missing install step is caught: first with the papers beside the clone, as CI
# lays them out (../shared/papers), then without them, as a user who clones the repository gets.
# Usage: tools/fresh_machine.sh [--skip-test] [--with-papers-only | --without-papers-only]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
skip_test=""; layouts="with without"
for arg in "$@"; do
  case "$arg" in
    --skip-test) skip_test=1 ;;
    --with-papers-only) layouts="with" ;;
    --without-papers-only) layouts="without" ;;
    *) echo "unknown option $arg"; exit 2 ;;
  esac
done

run_clone() {  # $1: with | without (the papers)
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  git clone --quiet "$here" "$work/repo"
  if [ "$1" = with ] && [ -d "$here/../shared" ]; then ln -s "$here/../shared" "$work/shared"; fi
  (
    cd "$work/repo"
    commands=$(grep -E '^make (report|test)( |$)' README.md | sed 's/ *#.*//')
    [ "$(echo "$commands" | wc -l)" -eq 2 ] || { echo "README must list make report and make test"; exit 1; }
    while read -r cmd; do
      if [ -n "$skip_test" ] && [ "$cmd" = "make test" ]; then continue; fi
      echo "fresh machine ($1 papers): $cmd"
      env -u VIRTUAL_ENV -u ASC_PAPERS_DIR -u CI bash -c "$cmd" 2>&1 | tee "$work/log.txt"
      [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "fresh machine ($1 papers): $cmd failed"; exit 1; }
      if grep -qiE "warning" "$work/log.txt"; then
        echo "fresh machine ($1 papers): $cmd printed a warning (above)"
      fi
    done <<< "$commands"
    test -f reports/index.html || { echo "make report did not write reports/index.html"; exit 1; }
  )
  echo "fresh machine ($1 papers): the README's commands work from a clean clone"
}

for layout in $layouts; do run_clone "$layout"; done

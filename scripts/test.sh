#!/bin/bash
# test.sh - build Vireo and run every test project in Vireo.slnx, one after another, each with a
# TRX report. Prints per-project results and, as the very last line, alone:
#     N passed, N failed, N skipped
# summed over all projects. A project that fails to build, whose test host crashes, or that writes
# no results counts as (at least) one failed test. Exits non-zero if anything failed.
#
# Usage: scripts/test.sh [PROJECT-NAME...] [-- DOTNET-TEST-ARGS...]
#   PROJECT-NAME   run only these test projects (e.g. Vireo.Core.Tests); default: all of them
#   after --        passed to every `dotnet test`, e.g. -- --filter "FullyQualifiedName~Xml"
# Environment:
#   VIREO_GUEST_DIR       the guest kit the tests boot (default /var/lib/vireo/images; built by
#                         scripts/setup.sh or scripts/make-guest.sh)
#   VIREO_TEST_RESULTS    where TRX files and logs go (default artifacts/test-results)
#   VIREO_TEST_HANG_TIMEOUT  a single test running longer is killed and counted failed (default 5m)
#   VIREO_SETUP_FAILED    set by .ci/run when scripts/setup.sh failed: counted as one failed test
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export VIREO_GUEST_DIR=${VIREO_GUEST_DIR:-/var/lib/vireo/images}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
RESULTS=${VIREO_TEST_RESULTS:-$ROOT/artifacts/test-results}
HANG=${VIREO_TEST_HANG_TIMEOUT:-5m}
PYTHON=/usr/bin/python3   # Debian's: a pyenv python3 earlier on PATH would do too, but be exact
[ -x "$PYTHON" ] || PYTHON=python3

WANT=() EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,/^set -uo/{/^set -uo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) WANT+=("$1"); shift ;;
  esac
done

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
RUNS="$RESULTS/runs.tsv"
: > "$RUNS"

# Prints the per-project summary ending with the totals line, and exits: 0 only if nothing failed.
summarize_and_exit() {
  local out rc last
  out=$("$PYTHON" "$ROOT/scripts/trx-summary.py" "$RUNS" 2>&1); rc=$?
  printf '%s\n' "$out" > "$RESULTS/summary.txt"
  last=$(tail -n 1 <<< "$out")
  if [ $rc -ne 0 ] || ! [[ $last =~ ^[0-9]+\ passed,\ ([0-9]+)\ failed,\ [0-9]+\ skipped$ ]]; then
    printf '%s\n' "$out"
    echo "test.sh: could not sum up the results in $RESULTS"
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  printf '%s\n' "$out"
  [ "${BASH_REMATCH[1]}" = 0 ] && exit 0
  exit 1
}

if [ -n "${VIREO_SETUP_FAILED:-}" ]; then
  printf 'setup: scripts/setup.sh\t1\t%s/setup\t0\t%s\n' "$RESULTS" "$VIREO_SETUP_FAILED" >> "$RUNS"
fi

# Test projects: the solution's projects under tests/ that do not opt out with IsTestProject=false.
PROJECTS=()
while IFS= read -r path; do
  grep -qi '<IsTestProject>false</IsTestProject>' "$path" 2>/dev/null && continue
  name=$(basename "$path" .csproj)
  if [ ${#WANT[@]} -gt 0 ] && ! printf '%s\n' "${WANT[@]}" | grep -qx "$name"; then continue; fi
  PROJECTS+=("$path")
done < <(grep -o 'Path="tests/[^"]*\.csproj"' Vireo.slnx | sed 's/^Path="//; s/"$//')
if [ ${#PROJECTS[@]} -eq 0 ]; then
  echo "test.sh: no test projects found${WANT[*]:+ named ${WANT[*]}} in Vireo.slnx" >&2
  printf 'no test projects\t1\t%s/none\t0\tno test project to run\n' "$RESULTS" >> "$RUNS"
  summarize_and_exit
fi

# The whole solution must build (a broken src project fails the run even if no test uses it);
# when only some projects are asked for, each `dotnet test` below builds what it needs.
# Once the whole solution has built, each `dotnet test` runs the binaries it left (--no-build): building
# again only checks that nothing changed, and costs each project seconds of CPU the tests need.
NO_BUILD=()
if [ ${#WANT[@]} -eq 0 ]; then
  echo "==> dotnet build -c Release Vireo.slnx"
  start=$SECONDS
  if dotnet build Vireo.slnx -c Release -nologo -v minimal > "$RESULTS/build.log" 2>&1; then
    NO_BUILD=(--no-build)
  else
    grep -E ': error ' "$RESULTS/build.log" | sort -u | head -20
    echo "==> the solution does not build (see $RESULTS/build.log); each test project is still tried on its own"
    printf 'build: Vireo.slnx\t1\t%s/build\t%d\tthe solution does not build (see %s/build.log)\n' \
      "$RESULTS" $((SECONDS - start)) "$RESULTS" >> "$RUNS"
  fi
fi

for path in "${PROJECTS[@]}"; do
  name=$(basename "$path" .csproj)
  dir="$RESULTS/$name"
  mkdir -p "$dir"
  echo "==> $name"
  start=$SECONDS
  # Without a whole-solution build, each project is built here: one that does not build must not be
  # tested from stale binaries.
  dotnet test "$path" -c Release -nologo "${NO_BUILD[@]}" \
    --results-directory "$dir" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout "$HANG" --blame-hang-dump-type none \
    "${EXTRA[@]}" > "$dir/console.log" 2>&1
  code=$?
  printf '%s\t%d\t%s\t%d\n' "$name" "$code" "$dir" $((SECONDS - start)) >> "$RUNS"
  grep -E '^(Passed!|Failed!|Total tests|  Failed |Test Run Aborted|The active test run was aborted)' "$dir/console.log" | head -20
done

summarize_and_exit

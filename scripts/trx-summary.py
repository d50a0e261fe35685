#!/usr/bin/python3
"""Sum up TRX test results per project; the last line printed is 'N passed, N failed, N skipped'.

Usage: trx-summary.py RUNS_TSV
  RUNS_TSV has one line per test project: NAME <tab> EXIT_CODE <tab> RESULTS_DIR <tab> SECONDS
  [<tab> NOTE] (written by scripts/test.sh; RESULTS_DIR holds the project's .trx files, if any).

A run that went wrong beyond its failed tests counts as one more failed test, so it can never go
missing from the totals: no TRX at all (build failure, test host never started), a test host that
crashed or was killed (xunit's "Catastrophic failure", VSTest's "aborted"; the tests it did not
finish are absent from the TRX), or a failed run / non-zero exit code without a failed test.
"""
import re
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
PASSED = {"Passed", "PassedButRunAborted"}
SKIPPED = {"NotExecuted", "Inconclusive", "NotRunnable"}
SHOW_FAILURES = 15
# The CI log is often all there is to read afterwards (the TRX files go with the machine), so the first
# few failures also show their whole message: a program's stderr usually ends with the actual cause.
DETAILED_FAILURES = 5
DETAIL_HEAD, DETAIL_TAIL = 6, 18


def first_line(text):
    text = (text or "").strip()
    return text.splitlines()[0][:300] if text else ""


def detail_lines(text):
    """The message's lines after the first: all of them if few, else its head and tail."""
    lines = [line[:300] for line in (text or "").strip().splitlines()[1:]]
    if len(lines) <= DETAIL_HEAD + DETAIL_TAIL:
        return lines
    skipped = len(lines) - DETAIL_HEAD - DETAIL_TAIL
    return lines[:DETAIL_HEAD] + [f"... ({skipped} lines)"] + lines[-DETAIL_TAIL:]


CRASH_SIGNS = re.compile(r"catastrophic|crash|abort|fatal error", re.IGNORECASE)


def read_trx(path):
    """Returns (passed, failed, skipped, failures, problems) of one TRX file."""
    passed = failed = skipped = 0
    failures, problems = [], []
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        return 0, 0, 0, [], [f"unreadable TRX {os.path.basename(path)}: {e}"]
    for result in root.iter(NS + "UnitTestResult"):
        outcome = result.get("outcome", "")
        if outcome in PASSED:
            passed += 1
        elif outcome in SKIPPED:
            skipped += 1
        else:
            failed += 1
            message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
            text = message.text if message is not None else ""
            failures.append((f"{result.get('testName', '?')} [{outcome}] {first_line(text)}", detail_lines(text)))
    summary = root.find(NS + "ResultSummary")
    if summary is not None:
        for info in summary.iter(NS + "RunInfo"):
            text = first_line(info.findtext(NS + "Text"))
            if info.get("outcome") == "Error" and CRASH_SIGNS.search(text):
                problems.append(text)
        if summary.get("outcome") != "Completed" and failed == 0 and not problems:
            problems.append(f"the run's outcome is {summary.get('outcome')} but no test failed")
    return passed, failed, skipped, failures, problems


def summarize(exit_code, results_dir, note):
    passed = failed = skipped = 0
    failures, problems = [], []
    trx_files = sorted(glob.glob(os.path.join(results_dir, "**", "*.trx"), recursive=True))
    for path in trx_files:
        p, f, s, fl, pr = read_trx(path)
        passed, failed, skipped = passed + p, failed + f, skipped + s
        failures += fl
        problems += pr
    if note:
        problems.append(note)
    elif not trx_files:
        problems.append("no test results were written (the project does not build, or its test host never started)")
    elif exit_code != 0 and failed == 0 and not problems:
        problems.append(f"dotnet test exited with code {exit_code} without a failed test")
    if problems:
        failed += 1   # the crash itself, so it cannot disappear from the totals
    return passed, failed, skipped, failures, problems


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    totals = [0, 0, 0]
    with open(sys.argv[1], encoding="utf-8") as runs:
        rows = [line.rstrip("\n").split("\t") for line in runs if line.strip()]
    print()
    print("Test results by project:")
    for row in rows:
        name, code, results_dir, seconds = row[:4]
        passed, failed, skipped, failures, problems = summarize(int(code), results_dir, row[4] if len(row) > 4 else "")
        totals[0] += passed
        totals[1] += failed
        totals[2] += skipped
        mark = "FAIL" if failed else "ok  "
        print(f"  {mark} {name}: {passed} passed, {failed} failed, {skipped} skipped ({seconds} s)")
        for problem in problems:
            print(f"         ! {problem}")
        for index, (failure, details) in enumerate(failures[:SHOW_FAILURES]):
            print(f"         x {failure}")
            if index < DETAILED_FAILURES:
                for line in details:
                    print(f"           | {line}")
        if len(failures) > SHOW_FAILURES:
            print(f"         ... and {len(failures) - SHOW_FAILURES} more failed tests")
    print(f"{totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")


if __name__ == "__main__":
    main()

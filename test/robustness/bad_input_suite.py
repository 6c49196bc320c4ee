#!/usr/bin/env python3
"""The bad-input suite: every case hands a tool something wrong and checks
that the tool refuses it the way a user can act on.

For each case (bad_input_cases.py) the driver writes the case's files into
a fresh folder, runs the command there and checks that
  - the exit code is 1-125 (not 0, not a signal, not an abort);
  - nothing crash-like was printed (stack dumps, LLVM ERROR, terminate,
    assertions, Python tracebacks);
  - the output matches the case's pattern, which names the file and what
    is wrong;
  - at most a few lines say `error:` (one clear error, not a cascade);
  - every file of the case still has its bytes;
  - no other file is left in the folder (no output, no temporary).

    /usr/bin/python3 test/robustness/bad_input_suite.py --tools build/bin \\
        --work /tmp/bad [--only NAME] [--list]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bad_input_cases  # noqa: E402

CRASH_SIGNS = ["Stack dump", "LLVM ERROR", "terminate called", "Assertion",
               "Segmentation fault", "PLEASE submit", "Traceback (most recent",
               "AddressSanitizer", "runtime error:"]


RUNTIME_FRAME = re.compile(r"operator (new|delete)|asan|interceptor|"
                           r"libclang_rt|in (memchr|memcpy|memmove|memset|"
                           r"strlen|free|malloc|realloc|calloc) ")


def without_libtorch_reports(text):
    """`text` without the sanitizer reports (of a sanitizer build) whose first
    frame outside the sanitizer runtime is in LibTorch: LibTorch misbehaving
    on a damaged file inside the importer's child process, which the tool
    turns into an error. mdf's own reports stay."""
    kept, report, verdict = [], [], None
    for line in text.splitlines(keepends=True):
        if re.search(r"ERROR: (Address|Leak)Sanitizer", line):
            kept += report if verdict != "torch" else []
            report, verdict = [line], None
            continue
        if report:
            report.append(line)
            if verdict is None and re.match(r"\s*#\d+ ", line) and \
                    not RUNTIME_FRAME.search(line):
                verdict = "torch" if re.search(r"libtorch|libc10", line) \
                    else "mdf"
            if line.startswith("==") and "ABORTING" in line:
                kept += report if verdict != "torch" else []
                report, verdict = [], None
            continue
        kept.append(line)
    kept += report if verdict != "torch" else []
    return "".join(kept)


def run_case(case, tools, source_root, work):
    folder = os.path.join(work, case.name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for name, data in case.files.items():
        path = os.path.join(folder, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    for name in case.folders:
        os.makedirs(os.path.join(folder, name), exist_ok=True)
    before = {name: data for name, data in case.files.items()}

    env = dict(os.environ)
    env["PYTHONPATH"] = os.path.join(source_root, "python")
    env["MDF_TOOLS_DIR"] = tools
    if case.command[0] == "python":
        command = ["/usr/bin/python3", "-c",
                   bad_input_cases.PYTHON_PRELUDE + case.command[1]]
    else:
        command = [os.path.join(tools, case.command[0])] + case.command[1:]
    try:
        if case.stdout_to:
            with open(case.stdout_to, "wb") as stdout:
                result = subprocess.run(command, cwd=folder, env=env,
                                        stdout=stdout,
                                        stderr=subprocess.PIPE, timeout=300)
            result.stdout = b""
        else:
            result = subprocess.run(command, cwd=folder, env=env,
                                    capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        return ["timed out after 300 s"]
    text = without_libtorch_reports(
        (result.stdout + result.stderr).decode("utf-8", "replace"))
    problems = []
    if result.returncode == 0:
        problems.append("exit code 0")
    elif result.returncode < 0 or result.returncode > 125:
        problems.append(f"exit code {result.returncode} (a signal or abort)")
    for sign in CRASH_SIGNS:
        if sign in text:
            problems.append(f"printed '{sign}'")
    if not re.search(case.expect, text, re.S):
        problems.append(f"no match for /{case.expect}/")
    errors = sum(1 for line in text.splitlines() if "error:" in line)
    if errors == 0:
        problems.append("no line says 'error:'")
    elif errors > case.max_errors:
        problems.append(f"{errors} lines say 'error:' (at most "
                        f"{case.max_errors})")
    for name, data in before.items():
        path = os.path.join(folder, name)
        if not os.path.exists(path):
            problems.append(f"input {name} was removed")
        elif open(path, "rb").read() != data:
            problems.append(f"input {name} was changed")
    expected = set(before) | set(case.folders)
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            relative = os.path.relpath(os.path.join(root, name), folder)
            if relative not in expected and not any(
                    relative.startswith(f + os.sep) for f in case.folders):
                problems.append(f"left {relative} behind")
    if problems:
        problems.append("output:\n    " +
                        "\n    ".join(text.strip().splitlines()[:12]))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tools", required=True, help="folder of the tools")
    parser.add_argument("--work", required=True, help="scratch folder")
    parser.add_argument("--only", help="run only cases whose name has this")
    parser.add_argument("--list", action="store_true", help="list the cases")
    args = parser.parse_args()
    source_root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    tools = os.path.abspath(args.tools)
    cases = bad_input_cases.all_cases()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    if args.list:
        for case in cases:
            print(case.name, " ".join(case.command[:1]))
        return 0
    os.makedirs(args.work, exist_ok=True)
    failed = 0
    per_tool = {}
    for case in cases:
        problems = run_case(case, tools, source_root, os.path.abspath(args.work))
        tool = case.command[0].replace("python", "mdf.compile")
        per_tool[tool] = per_tool.get(tool, 0) + 1
        if problems:
            failed += 1
            print(f"FAIL {case.name}: " + "; ".join(problems[:-1]))
            print("  " + problems[-1])
    print(", ".join(f"{tool} {count}" for tool, count in sorted(per_tool.items())))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

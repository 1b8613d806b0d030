#!/usr/bin/env python3
"""Times amif-check, python-stdnum and npm personnummer on the same file.

Driven by tests/bench/ids.sh, which installs the comparators and makes the
data first; standard library only, so it runs on the machine's python3.

1. Agreement: runs all three on the first AGREE_LINES lines and counts where
   they disagree on validity (overall, and where their rules coincide, i.e.
   leaving out samordningsnummer, which python-stdnum does not accept), plus
   where canonical forms of lines valid in both differ.
2. Throughput: one untimed warm-up run of each, then RUNS rounds that run
   each tool once (interleaved, so machine noise spreads over all three),
   timing wall-clock with time.perf_counter around the whole process:
   start-up, reading the file, validating every line and writing one result
   line per input line to /dev/null. The median decides the ratios.
3. Prints a table and writes everything to the JSON file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGETS = {"python-stdnum": 20.0, "npm personnummer": 2.0}


def run_text(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def commands(args: argparse.Namespace, data: Path) -> dict[str, list[str]]:
    here = Path(__file__).resolve().parent
    return {
        "amif-check": [args.amif, "ids", "--reference-date", args.reference_date, str(data)],
        "python-stdnum": [args.python, str(here / "stdnum_ids.py"), str(data)],
        "npm personnummer": [args.node, str(here / "npm_ids.mjs"), str(data), args.node_prefix],
    }


def parse_output(path: Path) -> list[tuple[bool, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        rows.append((fields[1] == "valid", fields[2]))
    return rows


def agreement(args: argparse.Namespace, work: Path, lines: int) -> dict:
    n = min(args.agree_lines, lines)
    with open(args.data, encoding="ascii") as src:
        head = [next(src) for _ in range(n)]
    with open(args.labels, encoding="ascii") as src:
        labels = [next(src).split("\t")[0] for _ in range(n)]
    sample = work / "agree.txt"
    sample.write_text("".join(head), encoding="ascii")

    results = {}
    for tool, cmd in commands(args, sample).items():
        out = work / f"agree.{tool.split()[-1]}.tsv"
        with open(out, "wb") as sink:
            subprocess.run(cmd, stdout=sink, check=True)
        rows = parse_output(out)
        if len(rows) != n:
            sys.exit(f"{tool} wrote {len(rows)} lines for {n} input lines")
        results[tool] = rows

    amif, std, npm = (results[t] for t in ("amif-check", "python-stdnum", "npm personnummer"))
    pairs = {
        "amif-check vs python-stdnum": (amif, std, True),
        "amif-check vs npm personnummer": (amif, npm, False),
        "python-stdnum vs npm personnummer": (std, npm, True),
    }
    report: dict = {"lines": n, "label_counts": {}, "pairs": {}, "vs_labels": {}}
    for label in labels:
        report["label_counts"][label] = report["label_counts"].get(label, 0) + 1
    for name, (a, b, stdnum_involved) in pairs.items():
        disagree = [i for i in range(n) if a[i][0] != b[i][0]]
        by_label: dict[str, int] = {}
        for i in disagree:
            by_label[labels[i]] = by_label.get(labels[i], 0) + 1
        coincide = [i for i in disagree if not (stdnum_involved and labels[i] == "samordning")]
        report["pairs"][name] = {
            "validity_disagreements": len(disagree),
            "where_rules_coincide": len(coincide),
            "by_label": by_label,
            "first_lines": [i + 1 for i in coincide[:10]],
        }
    # Canonical forms: amif-check and npm both write YYYYMMDDNNNC; stdnum
    # keeps the written length (YYMMDD-NNNC or YYYYMMDD-NNNC), so compare its
    # digits with the end of amif-check's.
    both = [i for i in range(n) if amif[i][0] and npm[i][0]]
    report["pairs"]["amif-check vs npm personnummer"]["canonical_mismatches"] = sum(
        amif[i][1] != npm[i][1] for i in both
    )
    both = [i for i in range(n) if amif[i][0] and std[i][0]]
    report["pairs"]["amif-check vs python-stdnum"]["canonical_mismatches"] = sum(
        not amif[i][1].endswith(std[i][1].replace("-", "").replace("+", "")) for i in both
    )
    # Against what the generator meant each line to be.
    for tool, rows in results.items():
        accepts_samordning = tool != "python-stdnum"
        wrong = sum(
            rows[i][0] != (labels[i] == "valid" or (labels[i] == "samordning" and accepts_samordning))
            for i in range(n)
        )
        report["vs_labels"][tool] = wrong
    return report


def throughput(args: argparse.Namespace) -> dict[str, list[float]]:
    cmds = commands(args, Path(args.data))
    times: dict[str, list[float]] = {tool: [] for tool in cmds}
    with open(os.devnull, "wb") as devnull:
        for round_ in range(args.runs + 1):
            for tool, cmd in cmds.items():
                start = time.perf_counter()
                subprocess.run(cmd, stdout=devnull, check=True)
                elapsed = time.perf_counter() - start
                if round_ > 0:  # round 0 warms the page cache and the binaries
                    times[tool].append(elapsed)
            if round_ > 0:
                done = ", ".join(f"{t} {v[-1]:.3f} s" for t, v in times.items())
                print(f"  run {round_}/{args.runs}: {done}", flush=True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--amif", required=True)
    parser.add_argument("--python", required=True, help="python of the venv with python-stdnum")
    parser.add_argument("--node", default="node")
    parser.add_argument("--node-prefix", required=True, help="npm --prefix holding personnummer")
    parser.add_argument("--data", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--reference-date", default="2026-01-01")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--agree-lines", type=int, default=10_000)
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    work = Path(args.json).parent
    with open(args.data, "rb") as src:
        lines = sum(1 for _ in src)

    machine = {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model(),
        "kernel": platform.release(),
        "loadavg_before": os.getloadavg(),
    }
    versions = {
        "amif-check": run_text([args.amif, "--version"]),
        "python-stdnum": run_text(
            [args.python, "-c", "import stdnum; print(stdnum.__version__)"]
        ),
        "npm personnummer": json.loads(
            (Path(args.node_prefix) / "node_modules/personnummer/package.json").read_text()
        )["version"],
        "python": run_text([args.python, "--version"]),
        "node": run_text([args.node, "--version"]),
    }
    print(f"machine: {machine['nproc']} CPUs, {machine['cpu_model']}, load {machine['loadavg_before']}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))

    print(f"\nagreement on the first {min(args.agree_lines, lines)} lines:")
    agree = agreement(args, work, lines)
    for name, pair in agree["pairs"].items():
        text = (
            f"  {name}: {pair['validity_disagreements']} validity disagreements, "
            f"{pair['where_rules_coincide']} where the rules coincide "
            f"(by label: {pair['by_label'] or 'none'})"
        )
        if "canonical_mismatches" in pair:
            text += f"; {pair['canonical_mismatches']} canonical-form mismatches"
        print(text)
    print(f"  lines against the generator's labels, wrong: {agree['vs_labels']}")
    print("  (python-stdnum rejects samordningsnummer by design; those lines are not counted")
    print("   in 'where the rules coincide'.)")

    print(f"\nthroughput on {lines} lines ({args.runs} timed runs each, after one warm-up):")
    times = throughput(args)
    machine["loadavg_after"] = os.getloadavg()

    medians = {tool: statistics.median(v) for tool, v in times.items()}
    amif = medians["amif-check"]
    tools = {
        tool: {
            "seconds_median": medians[tool],
            "seconds_min": min(v),
            "seconds_runs": v,
            "lines_per_second": lines / medians[tool],
        }
        for tool, v in times.items()
    }
    ratios = {}
    for tool, target in TARGETS.items():
        ratio = medians[tool] / amif
        ratios[tool] = {"ratio": ratio, "target": target, "met": ratio >= target}

    print(f"\n{'tool':<18} {'seconds':>9} {'min s':>9} {'lines/s':>13} {'amif-check is':>15}")
    for tool, row in tools.items():
        speedup = "-" if tool == "amif-check" else f"{medians[tool] / amif:.1f}x faster"
        print(
            f"{tool:<18} {row['seconds_median']:>9.3f} {row['seconds_min']:>9.3f} "
            f"{row['lines_per_second']:>13,.0f} {speedup:>15}"
        )
    print()
    all_met = True
    for tool, r in ratios.items():
        verdict = "met" if r["met"] else "MISSED"
        all_met &= r["met"]
        print(f"target >= {r['target']:g}x {tool}: {r['ratio']:.1f}x, {verdict}")
    print(f"load average after: {machine['loadavg_after']}")

    result = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "lines": lines,
        "input": args.data,
        "reference_date": args.reference_date,
        "runs": args.runs,
        "timing": "wall-clock, time.perf_counter around each process, output to /dev/null, median of runs",
        "machine": machine,
        "versions": versions,
        "tools": tools,
        "ratios": ratios,
        "targets_met": all_met,
        "agreement": agree,
    }
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"results: {args.json}")


if __name__ == "__main__":
    main()

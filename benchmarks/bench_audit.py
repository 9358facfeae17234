"""Speed of `mistral-secure audit` beside detect-secrets, on the same real tree (prints figures).

The tree is a copy of eight packages installed in this venv (the precision test's set:
langchain_core, llama_index.core, mistralai, httpx, pydantic, botocore, nltk,
huggingface_hub), without __pycache__: real source, docs and data files of real sizes.
Both tools run as their command-line users run them, with their default parallelism
(audit: one worker per CPU; detect-secrets: a pool of cpu_count processes), plus
`audit --jobs 1`. Wall time is what a CI job waits; CPU time (user+sys of the child
processes) is less sensitive to other load on the machine.

detect-secrets needs about 12 files per CPU-second, so by default it runs on a smaller tree of
three of those packages (`--compare`), where the audit runs too: the comparison is always on
the same files, and `make bench` stays within minutes. `--compare all` compares on the whole
tree (about 25 minutes on 2 cores).

Run: .venv/bin/python benchmarks/bench_audit.py [--runs N] [--compare PKG,PKG|all] [PACKAGE ...]
(detect-secrets comes with `make bench`; without it those rows are left out.)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PACKAGES = (
    "langchain_core",
    "llama_index.core",
    "mistralai",
    "httpx",
    "pydantic",
    "botocore",
    "nltk",
    "huggingface_hub",
)
COMPARED = ("httpx", "pydantic", "mistralai")
BIN = Path(sys.executable).parent


def _copy(packages: list[str], dest: Path) -> None:
    for package in packages:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(f"{package} is not installed (run make install)")
        source = Path(next(iter(spec.submodule_search_locations)))
        shutil.copytree(
            source,
            dest / package.replace(".", "/"),
            ignore=shutil.ignore_patterns("__pycache__"),
            symlinks=True,
        )


def _sizes(root: Path) -> list[int]:
    return [p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def _run(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _row(name: str, runs: list[tuple[float, float]], files: int) -> str:
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return (
        f"| {name} | {wall:.1f} s | {files / wall:,.0f} | {cpu:.1f} s | "
        f"{files / cpu:,.0f} | {len(runs)} |"
    )


def _describe(packages: list[str], tree: Path) -> int:
    sizes = sorted(_sizes(tree))
    files = len(sizes)
    print(f"tree: {', '.join(packages)}")
    print(
        f"{files} files, {sum(sizes) / 1e6:.1f} MB; file size median "
        f"{statistics.median(sizes) / 1e3:.1f} KB, p90 {sizes[int(0.9 * files)] / 1e3:.1f} KB, "
        f"max {sizes[-1] / 1e6:.1f} MB; {os.cpu_count()} CPUs"
    )
    return files


def _table(rows: list[str]) -> None:
    print("| tool | wall (median) | files/s (wall) | CPU | files/s (CPU) | runs |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print()


def _audit_rows(root: Path, files: int, runs: int) -> list[str]:
    audit_cmd = [str(BIN / "mistral-secure"), "audit", "tree", "--format", "json"]
    rows = [_row("mistral-secure audit", [_run(audit_cmd, root) for _ in range(runs)], files)]
    single = [_run([*audit_cmd, "--jobs", "1"], root) for _ in range(runs)]
    rows.append(_row("mistral-secure audit --jobs 1", single, files))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=list(PACKAGES))
    parser.add_argument("--runs", type=int, default=3, help="runs of the audit (median)")
    parser.add_argument("--ds-runs", type=int, default=1, help="runs of detect-secrets")
    parser.add_argument(
        "--compare",
        default=",".join(COMPARED),
        help="packages of the tree detect-secrets runs on ('all': the whole tree)",
    )
    args = parser.parse_args()
    compared = list(args.packages) if args.compare == "all" else args.compare.split(",")
    detect = BIN / "detect-secrets"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _copy(args.packages, root / "tree")
        files = _describe(args.packages, root / "tree")
        rows = _audit_rows(root, files, args.runs)
        if not detect.exists():
            rows.append("| detect-secrets | not installed (make bench installs it) | | | | |")
            _table(rows)
            return
        _table(rows)
        small = root
        if compared != list(args.packages):
            small = root / "compared"
            _copy(compared, small / "tree")
            files = _describe(compared, small / "tree")
        rows = [] if small is root else _audit_rows(small, files, args.runs)
        ds = [str(detect), "scan", "--all-files", "tree"]
        runs = [_run(ds, small) for _ in range(args.ds_runs)]
        rows.append(_row("detect-secrets scan --all-files", runs, files))
        print(f"same files for both tools: {', '.join(compared)}")
        _table(rows)


if __name__ == "__main__":
    main()

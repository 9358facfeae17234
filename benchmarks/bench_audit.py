"""Time `mistral-secure audit` on a generated 5,000-file tree (prints figures, asserts nothing).

Run: .venv/bin/python benchmarks/bench_audit.py [N_FILES]
"""

from __future__ import annotations

import random
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

from mistral_secure._checklist import audit

PY_TEMPLATE = '''"""Module {i}."""
import logging
import os

logger = logging.getLogger(__name__)
API_KEY = os.environ["API_KEY_{i}"]


def handler_{i}(request: dict[str, str]) -> str:
    """Handle one request."""
    value = request.get("value", "")
    logger.info("handled %d chars", len(value))
    return value.upper() + "{filler}"
'''


def build_tree(root: Path, n_files: int) -> None:
    """A realistic mix: Python modules, YAML/JSON config, docs, a few planted keys."""
    rng = random.Random(7)
    for i in range(n_files):
        pkg = root / f"pkg{i % 50}" / f"sub{i % 7}"
        pkg.mkdir(parents=True, exist_ok=True)
        kind = i % 10
        filler = "".join(rng.choices(string.ascii_letters, k=rng.randint(50, 2000)))
        if kind < 6:
            (pkg / f"mod{i}.py").write_text(PY_TEMPLATE.format(i=i, filler=filler))
        elif kind < 8:
            (pkg / f"conf{i}.yaml").write_text(f"name: svc{i}\nreplicas: 3\nnote: {filler}\n")
        elif kind == 8:
            (pkg / f"data{i}.json").write_text(f'{{"id": {i}, "label": "{filler}"}}\n')
        else:
            (pkg / f"README{i}.md").write_text(f"# Doc {i}\n\n{filler}\n")
    # mistral-secure: ignore[MS101] (a planted FAKE key so the run finds something)
    leak = 'MISTRAL_API_KEY = "FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5Jd"\n'
    (root / "pkg0" / "leak.py").write_text(leak)
    (root / "node_modules" / "dep").mkdir(parents=True)
    (root / "node_modules" / "dep" / "index.js").write_text("module.exports = 1\n")


def main() -> None:
    n_files = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build_tree(root, n_files)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        timings = []
        report = None
        for _ in range(3):
            start = time.perf_counter()
            report = audit([root])
            timings.append(time.perf_counter() - start)
        assert report is not None
        best, median = min(timings), statistics.median(timings)
        print(f"tree: {n_files} files, {size / 1e6:.1f} MB (walk mode, no git)")
        print(f"audit: median {median:.2f} s, best {best:.2f} s over {len(timings)} runs")
        print(
            f"checked {report.files_scanned} files, {len(report.skipped)} skipped, "
            f"{len(report.findings)} findings; {report.files_scanned / median:.0f} files/s"
        )


if __name__ == "__main__":
    main()

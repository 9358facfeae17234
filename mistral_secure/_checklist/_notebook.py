"""Notebooks: keys in cell sources and outputs (MS103), and code cells through the AST rules.

Code cells are joined into one module (IPython magics and shell escapes blanked), so
MS301-MS304 and the MS102 assignment check see a notebook as the module it is. Every
finding points at the line of the ``.ipynb`` file that holds the cell line.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .._fingerprint import fingerprint
from ._ast_checks import check_python
from ._findings import Finding
from ._read import Segment
from ._rules import rule_by_id
from ._secrets import find_secrets
from ._suppress import Suppressions, parse_suppressions

__all__ = ["NotebookResult", "check_notebook"]

_MS103 = rule_by_id("MS103")
# %magic, %%cell magic, !shell, ?help, x = !cmd, x = %magic: not Python syntax.
_MAGIC_RE = re.compile(r"^\s*(?:[%!?]|[\w.]+\s*=\s*[!%])")


@dataclass
class NotebookResult:
    """Findings of one notebook, notes on cells the AST rules could not read, and the
    suppressions found in its code cells (keyed by file line)."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    suppressions: Suppressions = field(default_factory=Suppressions)


@dataclass
class _Cell:
    number: int
    kind: str
    source: str
    file_lines: list[int]  # file line of each source line


def _join(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return ""


def _outputs(cell: dict[str, object]) -> Iterator[str]:
    for output in cell.get("outputs") or ():  # type: ignore[attr-defined]
        if not isinstance(output, dict):
            continue
        yield _join(output.get("text"))
        yield _join(output.get("traceback"))
        data = output.get("data")
        if isinstance(data, dict):
            for value in data.values():
                yield _join(value) if not isinstance(value, dict) else json.dumps(value)


class _Locator:
    """Finds, in order, where JSON strings of the notebook sit in the file."""

    def __init__(self, text: str, segment: Segment) -> None:
        self.text = text
        self.segment = segment
        self.cursor = 0

    def line_of(self, piece: str, fallback: int) -> int:
        if not piece:
            return fallback
        for ascii_only in (False, True):
            needle = json.dumps(piece, ensure_ascii=ascii_only)[1:-1]
            at = self.text.find(needle, self.cursor)
            if at >= 0:
                self.cursor = at + len(needle)
                return self.segment.position(at)[0]
        return fallback

    def find_value(self, value: str) -> tuple[int, int]:
        at = self.text.find(json.dumps(value)[1:-1])
        if at < 0:
            at = self.text.find(json.dumps(value, ensure_ascii=False)[1:-1])
        return self.segment.position(at) if at >= 0 else (1, 1)


def _cells(notebook: object, locator: _Locator) -> list[_Cell]:
    raw = notebook.get("cells", []) if isinstance(notebook, dict) else []
    cells = []
    for number, cell in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(cell, dict):
            continue
        source = cell.get("source")
        listed = source if isinstance(source, list) else [source]
        pieces: list[str] = [p for p in listed if isinstance(p, str)]
        text = "".join(pieces)
        file_lines: list[int] = []
        last = locator.segment.position(locator.cursor)[0]
        for piece in pieces:
            line = locator.line_of(piece, last)
            file_lines.extend([line] * max(1, piece.count("\n") + (not piece.endswith("\n"))))
            last = line
        kind = cell.get("cell_type")
        cells.append(_Cell(number, kind if isinstance(kind, str) else "", text, file_lines))
    return cells


def _python_source(cell: _Cell) -> str | None:
    if cell.source.lstrip().startswith("%%"):
        return None  # a cell magic: the body is another language
    return "\n".join("" if _MAGIC_RE.match(line) else line for line in cell.source.split("\n"))


def _code_findings(path: str, cells: list[_Cell], result: NotebookResult) -> list[Finding]:
    """AST findings of the code cells, mapped to file lines."""
    mapping: list[tuple[int, int]] = []  # joined line - 1 -> (cell number, file line)
    body: list[ast.stmt] = []
    for cell in cells:
        if cell.kind != "code":
            continue
        source = _python_source(cell)
        if source is None:
            continue
        offset = len(mapping)
        lines = source.split("\n")
        last = len(cell.file_lines) - 1
        mapping.extend(
            (cell.number, cell.file_lines[min(i, last)] if cell.file_lines else 1)
            for i in range(len(lines))
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(source, filename=f"{path} cell {cell.number}")
        except (SyntaxError, ValueError, RecursionError):
            result.notes.append(f"cell {cell.number}: Python syntax error; AST checks skipped")
            continue
        ast.increment_lineno(tree, offset)
        body.extend(tree.body)
        cell_suppressions = parse_suppressions(source, python=True)
        for line, ids in cell_suppressions.by_line.items():
            if 0 < line <= len(lines):
                result.suppressions.add(mapping[offset + line - 1][1], ids)
        for line, column, name in cell_suppressions.unknown:
            result.suppressions.unknown.append((mapping[offset + line - 1][1], column, name))
    if not body:
        return []
    module = ast.Module(body=body, type_ignores=[])
    out = []
    try:
        found = list(check_python(path, module))
    except RecursionError:
        result.notes.append("too deeply nested; AST checks skipped")
        return []
    for f in found:
        number, file_line = mapping[min(f.line, len(mapping)) - 1]
        out.append(replace(f, line=file_line, message=f"{f.message} (notebook cell {number})"))
    return out


def check_notebook(path: str, segment: Segment) -> NotebookResult:
    """MS103 for keys in cell sources and outputs, and the AST rules on code cells.

    Raises ``ValueError`` when the file is not valid JSON.
    """
    text = segment.text
    notebook = json.loads(text)
    locator = _Locator(text, segment)
    cells = _cells(notebook, locator)
    result = NotebookResult()
    seen: set[tuple[int, int, str]] = set()
    raw = notebook.get("cells", []) if isinstance(notebook, dict) else []
    for cell in cells:
        chunks = [("source", cell.source)]
        original = raw[cell.number - 1] if isinstance(raw, list) else None
        if isinstance(original, dict):
            chunks.extend(("output", chunk) for chunk in _outputs(original))
        for where, chunk in chunks:
            if not chunk:
                continue
            for secret in find_secrets(chunk):
                value = chunk[secret.start : secret.end]
                if where == "source" and cell.file_lines:
                    cell_line = chunk.count("\n", 0, secret.start)
                    line = cell.file_lines[min(cell_line, len(cell.file_lines) - 1)]
                    col = locator.find_value(value)[1]
                else:
                    line, col = locator.find_value(value)
                fp = fingerprint(value)
                if (line, col, fp) in seen:
                    continue
                seen.add((line, col, fp))
                result.findings.append(
                    Finding(
                        _MS103,
                        path,
                        line,
                        col,
                        f"{secret.label} in notebook cell {cell.number} {where} (fingerprint {fp})",
                        identity=fp,
                    )
                )
    result.findings.extend(_code_findings(path, cells, result))
    return result

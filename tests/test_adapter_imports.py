"""The adapters use only the core's public API: no private module, no private name.

Read from the source (AST), so a private import hidden in a function body, a string given
to ``importlib`` or a private attribute reached on a core object is found too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import mistral_secure

ROOT = Path(__file__).resolve().parent.parent
ADAPTERS = ("langchain_mistral_secure", "llama_index_mistral_secure")
CORE = ROOT / "mistral_secure"
# Private attributes of upstream objects (not ours) that the adapters must reach:
# the SDK client of llama-index's MistralAI / MistralAIEmbedding, which the key pool replaces.
UPSTREAM_PRIVATE = frozenset({"_client"})


def _sources(package: str) -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _private_modules(tree: ast.Module) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("mistral_secure._"):
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module.startswith("mistral_secure._"):
                yield node.lineno, module
            elif module == "mistral_secure":
                for alias in node.names:
                    if alias.name.startswith("_") or alias.name not in mistral_secure.__all__:
                        yield node.lineno, f"mistral_secure.{alias.name}"
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("mistral_secure._")
        ):
            yield node.lineno, node.value  # importlib.import_module("mistral_secure._x")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "mistral_secure"
            and node.attr.startswith("_")
        ):
            yield node.lineno, f"mistral_secure.{node.attr}"


def _core_private_names() -> set[str]:
    """Every ``_name`` the core defines as a method, attribute or slot of its classes."""
    names: set[str] = set()
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
    return {n for n in names if n.startswith("_") and not n.startswith("__")}


def _reached_private_attributes(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """``x._name`` where ``x`` is not ``self``/``cls``/``super()``: another object's private."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        if node.attr.startswith("__"):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id in {"self", "cls"}:
            continue
        if isinstance(owner, ast.Call) and getattr(owner.func, "id", None) == "super":
            continue
        yield node.lineno, node.attr


@pytest.mark.parametrize("package", ADAPTERS)
def test_adapters_import_no_private_core_module(package: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path, tree in _sources(package)
        for line, name in _private_modules(tree)
    ]
    assert found == []


@pytest.mark.parametrize("package", ADAPTERS)
def test_adapters_reach_no_private_attribute_of_core_objects(package: str) -> None:
    core = _core_private_names() - UPSTREAM_PRIVATE
    found = [
        f"{path.relative_to(ROOT)}:{line}: ._{name.lstrip('_')}"
        for path, tree in _sources(package)
        for line, name in _reached_private_attributes(tree)
        if name in core
    ]
    assert found == []


def test_the_scan_finds_what_it_looks_for() -> None:
    # The checks above pass vacuously if the scanners see nothing: show them a violation.
    tree = ast.parse(
        "import mistral_secure._guard\n"
        "from mistral_secure._redaction import redact\n"
        "from mistral_secure import _fingerprint, Guard\n"
        "importlib.import_module('mistral_secure._policy')\n"
        "x = mistral_secure._LAZY\n"
        "conversation._guard\n"
        "self._guard\n"
    )
    modules = sorted(name for _, name in _private_modules(tree))
    assert modules == [
        "mistral_secure._LAZY",
        "mistral_secure._fingerprint",
        "mistral_secure._guard",
        "mistral_secure._policy",
        "mistral_secure._redaction",
    ]
    reached = [name for _, name in _reached_private_attributes(tree)]
    assert "_guard" in reached and reached.count("_guard") == 1  # self._guard is not counted
    assert "_guard" in _core_private_names()

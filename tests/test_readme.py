"""The README and the guides in docs/ say what the code does: snippets compile, the results
written next to them hold, links resolve, and generated tables match their source."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from mistral_secure import Policy
from mistral_secure._checklist._rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
# internals.md lists signatures without bodies (a contract for contributors, not user code).
USER_PAGES = [page for page in PAGES if page.name != "internals.md"]

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`+[^`\n]*`+")


def code_blocks(page: Path, language: str) -> list[tuple[int, str]]:
    """(first line number, code) of every fenced block of ``language`` in ``page``."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start(2)) + 1, m.group(2))
        for m in _FENCE.finditer(text)
        if m.group(1) == language
    ]


def prose(page: Path) -> str:
    """The page without fenced blocks and inline code, where links are not links."""
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    return _INLINE_CODE.sub("", text)


def section(page: Path, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    text = page.read_text(encoding="utf-8")
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, start)
    return text[start : end.start() if end else len(text)]


def table_rows(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.startswith("|")]


def _python_params() -> list[Any]:
    return [
        pytest.param(code, id=f"{page.relative_to(ROOT)}:{line}")
        for page in USER_PAGES
        for line, code in code_blocks(page, "python")
    ]


# --- (a) every python block compiles -------------------------------------------------------


def test_pages_have_python_blocks() -> None:
    assert len(_python_params()) >= 30


@pytest.mark.parametrize("code", _python_params())
def test_python_block_compiles(code: str) -> None:
    # Snippets that show async use (`await`, `async for`) run inside a coroutine.
    compile(code, "<snippet>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)


# --- (b) the building-blocks results are true -----------------------------------------------


def _claims(code: str) -> list[tuple[ast.stmt, Any]]:
    """Each statement with the literal its trailing comment claims (None: no claim)."""
    comments = {
        tok.start[0]: tok.string.lstrip("#").strip()
        for tok in tokenize.generate_tokens(io.StringIO(code).readline)
        if tok.type == tokenize.COMMENT
    }
    claims: list[tuple[ast.stmt, Any]] = []
    for stmt in ast.parse(code).body:
        claim: Any = None
        comment = comments.get(stmt.end_lineno or stmt.lineno)
        if isinstance(stmt, ast.Expr) and comment is not None:
            try:
                claim = (ast.literal_eval(comment),)
            except (ValueError, SyntaxError):
                claim = None  # prose, not a result
        claims.append((stmt, claim))
    return claims


def test_building_blocks_results_are_true() -> None:
    [code] = [
        code
        for _, code in code_blocks(README, "python")
        if "import detect_injection, redact, sanitize_output, wrap_untrusted" in code
    ]
    namespace: dict[str, Any] = {"document_text": "Quarterly report. Revenue grew 4%."}
    checked = 0
    for stmt, claim in _claims(code):
        if claim is None:
            exec(compile(ast.Module([stmt], []), "<readme>", "exec"), namespace)
            continue
        assert isinstance(stmt, ast.Expr)
        actual = eval(compile(ast.Expression(stmt.value), "<readme>", "eval"), namespace)
        assert actual == claim[0], ast.unparse(stmt)
        checked += 1
    assert checked >= 5
    assert "untrusted" in namespace["wrap_untrusted"]("x").instructions


def test_claims_parser_sees_a_false_claim() -> None:
    [(_, claim)] = _claims("1 + 1  # 3\n")
    assert claim == (3,)


# --- (c) quick start -------------------------------------------------------------------------


def test_quick_start_is_make_demo_and_make_test() -> None:
    quick_start = section(README, "## Quick start")
    block = _FENCE.search(quick_start)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(2).splitlines()]
    assert [c for c in commands if c] == ["make demo", "make test"]
    readme = README.read_text(encoding="utf-8")
    assert readme.index("## Quick start") < readme.index("## What is in the box")


def test_makefile_has_the_quick_start_targets() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.M))
    assert {"demo", "test", "lint", "bench"} <= targets


# --- (d) links ---------------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text))


def _anchors(page: Path) -> set[str]:
    return {
        _slug(h)
        for h in re.findall(r"^#+ (.+)$", _FENCE.sub("", page.read_text(encoding="utf-8")), re.M)
    }


def _link_targets(page: Path) -> list[str]:
    """Every link and image destination of ``page``, as a CommonMark parser reads them (code
    spans of any backtick run and fenced code hold none)."""
    targets: list[str] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else ""
            if attr:
                targets.append(str(token.attrGet(attr)))
            walk(token.children or [])

    walk(MarkdownIt("commonmark").enable("table").parse(page.read_text(encoding="utf-8")))
    return targets


def _relative_links() -> list[Any]:
    params = []
    for page in PAGES:
        for target in _link_targets(page):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            params.append(pytest.param(page, target, id=f"{page.name}->{target}"))
    return params


def test_pages_have_relative_links() -> None:
    assert len(_relative_links()) >= 20


@pytest.mark.parametrize(("page", "target"), _relative_links())
def test_relative_link_resolves(page: Path, target: str) -> None:
    path, _, fragment = target.partition("#")
    resolved = (page.parent / path).resolve() if path else page
    assert resolved.exists(), f"{page.name}: {target} does not exist"
    if fragment and resolved.suffix == ".md":
        assert fragment in _anchors(resolved), f"{page.name}: no heading for #{fragment}"


def test_readme_links_every_guide() -> None:
    linked = set(re.findall(r"\]\(docs/([\w-]+\.md)", README.read_text(encoding="utf-8")))
    guides = {p.name for p in (ROOT / "docs").glob("*.md")} - {"internals.md"}
    assert guides <= linked


def test_every_guide_has_one_title() -> None:
    for page in PAGES:
        titles = re.findall(r"^# .+$", _FENCE.sub("", page.read_text(encoding="utf-8")), re.M)
        assert len(titles) == 1, page.name


# --- (e) generated tables ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "heading"),
    [(README, "## Policy reference"), (ROOT / "docs" / "policy.md", "## Policy reference")],
    ids=["README", "docs/policy.md"],
)
def test_policy_reference_is_generated(page: Path, heading: str) -> None:
    assert table_rows(section(page, heading)) == table_rows(Policy().reference())


def test_readme_checklist_table_matches_the_rules() -> None:
    rows = table_rows(section(README, "## Auditing a codebase: `mistral-secure audit`"))
    listed = [tuple(cell.strip() for cell in row.strip("|").split("|")[:2]) for row in rows[2:]]
    assert listed == [(f"{r.id} `{r.name}`", r.severity.label) for r in RULES]


def test_readme_pre_commit_hooks_exist() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    published = set(re.findall(r"^- id: (\S+)", hooks, re.M))
    yaml = "".join(code for _, code in code_blocks(README, "yaml"))
    assert set(re.findall(r"- id: (\S+)", yaml)) <= published
    assert all(hook in yaml for hook in published)


def test_readme_test_server_example_passes(mistral_server: Any) -> None:
    [code] = [
        code
        for _, code in code_blocks(README, "python")
        if "def test_my_chain_answers(mistral_server)" in code
    ]
    namespace: dict[str, Any] = {}
    exec(compile(code, "<readme>", "exec"), namespace)
    namespace["test_my_chain_answers"](mistral_server)
    assert [r.status for r in mistral_server.requests] == [200]


@pytest.mark.parametrize(
    "marker",
    [
        "InputGuard(guard) | prompt | llm | OutputGuard(guard)",
        "VectorStoreIndex.from_documents(documents, embed_model=",
        'guard.check_input("Email me at jane@example.com")',
    ],
    ids=["langchain", "llama-index", "without-a-framework"],
)
def test_readme_app_snippets_run_as_written(
    marker: str, mistral_server: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from llama_index.core import Document

    from mistral_secure.testing import DEFAULT_TEST_KEYS

    [code] = [code for _, code in code_blocks(README, "python") if marker in code]
    monkeypatch.setenv("MISTRAL_API_KEY", DEFAULT_TEST_KEYS[0])
    monkeypatch.setenv("MISTRAL_BASE_URL", mistral_server.url)
    mistral_server.script(lambda body: "Sure: <EMAIL_ADDRESS_1> <img src=x onerror=alert(1)>")
    namespace: dict[str, Any] = {
        "documents": [Document(text="Expenses are refunded within 30 days.")]
    }
    exec(compile(code, "<readme>", "exec"), namespace)
    printed = capsys.readouterr().out
    assert printed and "onerror" not in printed
    chats = [r for r in mistral_server.requests if r.path == "/v1/chat/completions"]
    assert chats and all(r.status == 200 for r in mistral_server.requests)
    for request in mistral_server.requests:
        body = str(request.body)
        assert "4111 1111 1111 1111" not in body and "jane@example.com" not in body

"""Python checks by AST: literal client keys, verify=False, content logging, unguarded chat."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import re2

from .._fingerprint import fingerprint
from ._findings import Finding
from ._rules import rule_by_id
from ._secrets import SecretCandidate, could_be_key, high_entropy_finding, looks_high_entropy

__all__ = ["check_python", "needs_ast"]

_MS301 = rule_by_id("MS301")
_MS302 = rule_by_id("MS302")
_MS303 = rule_by_id("MS303")
_MS304 = rule_by_id("MS304")

_CLIENT_CLASSES = frozenset(
    {
        "Mistral",
        "MistralClient",
        "MistralAsyncClient",
        "ChatMistralAI",
        "MistralAI",
        "MistralAIEmbeddings",
        "MistralAIEmbedding",
    }
)
_KEY_KEYWORDS = frozenset({"api_key", "mistral_api_key"})
_HTTP_MODULES = frozenset({"httpx", "httpx2", "requests", "aiohttp", "urllib3"})
_HTTP_CALLS = frozenset(
    {
        "Client",
        "AsyncClient",
        "Session",
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "request",
        "stream",
        "send",
        "HTTPTransport",
        "AsyncHTTPTransport",
    }
)
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"}
)
_CONTENT_NAMES = frozenset(
    {
        "messages",
        "prompt",
        "prompts",
        "response",
        "responses",
        "resp",
        "completion",
        "completions",
        "content",
        "choices",
        "chat_response",
        "user_input",
        "answer",
        "output_text",
        "query",
        "question",
        "chat_history",
        "history",
        "delta",
    }
)
_CONTENT_SUFFIXES = ("_prompt", "_messages", "_response", "_completion", "_content")
# Calls whose result shows the argument itself; others (len, type, ...) are metadata.
_TRANSPARENT_CALLS = frozenset({"str", "repr", "format", "dumps", "pformat", "dict", "list"})
_CHAT_METHODS = frozenset(
    {"complete", "complete_async", "stream", "stream_async", "parse", "parse_async"}
)
_CHAT_CONSTRUCTORS = frozenset({"ChatMistralAI", "MistralAI"})
_GUARD_NAMES = frozenset(
    {
        "moderate",
        "amoderate",
        "moderate_chat",
        "moderate_chat_async",
        "Moderator",
        "Guard",
        "InputGuard",
        "OutputGuard",
        "classifiers",
        "SecureLLM",
        "check_input",
        "check_output",
        "guard_stream",
        "detect_injection",
        "sanitize_output",
        "Policy",
    }
)


# Every word _is_content looks for, lower-cased: a logging call can only write content
# when one of them is in the module.
_CONTENT_WORDS = tuple(
    sorted(
        _CONTENT_NAMES
        | {s.strip("_") for s in _CONTENT_SUFFIXES}
        | {"content", "choices", "messages", "text", "prompt"}
    )
)
# A quoted run of 16+ characters without blanks: the only literals MS102 can report.
_LONG_LITERAL_RE = re2.compile(r"""["']([^"'\s]{16,})["']""")


def needs_ast(text: str) -> bool:
    """False when no AST rule can fire on this module, so parsing it can be skipped.

    Each test is a necessary condition of a rule: MS301 and MS304 name a Mistral class
    or a ``.chat`` call, MS302 passes ``verify``, MS303 calls ``print`` or a logger with
    a content-named value, MS102 needs a random-looking literal of 16+ characters.
    """
    if "Mistral" in text or "chat" in text or "verify" in text:
        return True
    if "print" in text or "log" in text:
        lower = text.lower()
        if any(word in lower for word in _CONTENT_WORDS):
            return True
    return any(looks_high_entropy(m) for m in _LONG_LITERAL_RE.findall(text))


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif isinstance(node, ast.Call):
        parts.append(_dotted(node.func) + "()")
    return ".".join(reversed(parts))


def _callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _str_constant(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _target_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return _str_constant(node.slice)
    return None


def _is_content(node: ast.expr) -> bool:
    """Whether logging ``node`` would write prompt, message or response text."""
    if isinstance(node, ast.Name):
        name = node.id.lower()
        return name in _CONTENT_NAMES or name.endswith(_CONTENT_SUFFIXES)
    if isinstance(node, ast.Attribute):
        attr = node.attr.lower()
        return attr in {"content", "choices", "messages", "text", "prompt"} or (
            attr in _CONTENT_NAMES and _is_content(node.value)
        )
    if isinstance(node, ast.Subscript):
        key = _str_constant(node.slice)
        if key is not None and key in {"content", "messages", "prompt", "choices"}:
            return True
        return _is_content(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_content(v.value) for v in node.values if isinstance(v, ast.FormattedValue))
    if isinstance(node, ast.BinOp):
        return _is_content(node.left) or _is_content(node.right)
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_content(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_is_content(v) for v in node.values)
    if isinstance(node, ast.Starred):
        return _is_content(node.value)
    if isinstance(node, ast.Call):
        if _callee_name(node) in _TRANSPARENT_CALLS:
            return any(_is_content(a) for a in node.args)
        return False
    return False


def _is_logging_call(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    if isinstance(func, ast.Attribute) and func.attr in _LOG_METHODS:
        owner = _dotted(func.value).lower()
        tail = owner.rsplit(".", 1)[-1]
        return owner == "logging" or "log" in tail
    return False


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.findings: list[Finding] = []
        self.candidates: list[SecretCandidate] = []
        self.first_chat: ast.AST | None = None
        self.guarded = False

    def _add(self, rule_id: str, node: ast.AST, message: str, identity: str = "") -> None:
        rule = {"MS301": _MS301, "MS302": _MS302, "MS303": _MS303, "MS304": _MS304}[rule_id]
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0) + 1
        self.findings.append(Finding(rule, self.path, line, col, message, identity=identity))

    def _candidate(self, name: str | None, value: ast.expr | None) -> None:
        text = _str_constant(value)
        if name is not None and text is not None and value is not None:
            self.candidates.append(SecretCandidate(name, text, value.lineno, value.col_offset + 1))

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in _GUARD_NAMES:
            self.guarded = True

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in _GUARD_NAMES:
            self.guarded = True
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if any(alias.name in _GUARD_NAMES for alias in node.names):
            self.guarded = True

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._candidate(_target_name(target), node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._candidate(_target_name(node.target), node.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            self._candidate(_str_constant(key), value)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        callee = _callee_name(node)
        dotted = _dotted(node.func)
        for kw in node.keywords:
            if kw.arg is None:
                continue
            self._candidate(kw.arg, kw.value)
            literal = _str_constant(kw.value)
            if (
                callee in _CLIENT_CLASSES
                and kw.arg in _KEY_KEYWORDS
                and literal is not None
                and could_be_key(literal)
            ):
                fp = fingerprint(literal)
                self._add(
                    "MS301",
                    kw.value,
                    f"{callee}({kw.arg}=...) gets a literal key (fingerprint {fp})",
                    identity=fp,
                )
            if (
                kw.arg == "verify"
                and isinstance(kw.value, ast.Constant)
                and kw.value.value is False
                and (dotted.split(".", 1)[0] in _HTTP_MODULES or callee in _HTTP_CALLS)
            ):
                self._add("MS302", kw.value, f"{dotted}(verify=False) disables TLS verification")
        if _is_logging_call(node):
            args = [*node.args, *(kw.value for kw in node.keywords)]
            if any(_is_content(a) for a in args):
                self._add("MS303", node, f"{dotted}() writes prompt, message or response content")
        if self.first_chat is None and (
            callee in _CHAT_CONSTRUCTORS
            or (
                callee in _CHAT_METHODS
                and isinstance(node.func, ast.Attribute)
                and _dotted(node.func.value).rsplit(".", 1)[-1] == "chat"
            )
        ):
            self.first_chat = node
        self.generic_visit(node)


def check_python(path: str, tree: ast.Module) -> Iterator[Finding]:
    """All AST findings for one module (MS102, MS301–MS304)."""
    visitor = _Visitor(path)
    visitor.visit(tree)
    yield from visitor.findings
    for candidate in visitor.candidates:
        finding = high_entropy_finding(path, candidate)
        if finding is not None:
            yield finding
    if visitor.first_chat is not None and not visitor.guarded:
        call = visitor.first_chat
        assert isinstance(call, ast.Call)
        yield Finding(
            _MS304,
            path,
            call.lineno,
            call.col_offset + 1,
            f"{_dotted(call.func)}() with no moderation or guard in this module",
        )

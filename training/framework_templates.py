"""Every default prompt template that llama-index and langchain-core ship, rendered benignly.

Applications built on these frameworks send the frameworks' own prompt text (refine,
condense-question, tree-summarize, ReAct headers, ...) to the model inside a user message,
so the input guard sees it. It is trusted text and must never be flagged. This module finds
the templates programmatically in the installed packages (so a new framework version is
covered without editing a list), fills every variable with ordinary content, and yields the
rendered texts. ``make train`` uses them as benign rows; ``tests/test_injection_templates.py``
checks that each one passes the detector.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGES = ("llama_index", "langchain_core")
# Only modules whose source looks like it defines a template are imported.
_MARKERS = re.compile(r"PromptTemplate\(|_TMPL\b|_TEMPLATE\b|_PROMPT\b|_INSTRUCTIONS\b")
_CONSTANT = re.compile(r"(?:TMPL|TEMPLATE|PROMPT|INSTRUCTIONS?|PREFIX|SUFFIX)(?:_[A-Z0-9]+)*$")
_VARIABLE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}(?!\})")


@dataclass(frozen=True)
class Template:
    name: str  # module:attribute
    text: str  # the raw template with its {variables}


def _modules(package: str) -> Iterator[str]:
    try:
        root = importlib.import_module(package)
    except ImportError:
        return
    for path in getattr(root, "__path__", []):
        for info in pkgutil.walk_packages([path], prefix=package + "."):
            if ".tests" in info.name or "._" in info.name.rsplit(".", 1)[-1][:2]:
                continue
            spec = importlib.util.find_spec(info.name) if False else None  # noqa: F841
            yield info.name


def _source_has_templates(module: str) -> bool:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return False
    return bool(_MARKERS.search(Path(spec.origin).read_text("utf-8", errors="replace")))


def _texts_of(value: object) -> list[str]:
    """The template strings of a llama-index or langchain prompt object (or a str)."""
    if isinstance(value, str):
        return [value]
    texts: list[str] = []
    template = getattr(value, "template", None)
    if isinstance(template, str):
        texts.append(template)
    default = getattr(value, "default_template", None)  # llama-index SelectorPromptTemplate
    if default is not None and default is not value:
        texts += _texts_of(default)
    for message in getattr(value, "message_templates", None) or []:  # llama-index chat
        content = getattr(message, "content", None)
        if isinstance(content, str):
            texts.append(content)
    for message in getattr(value, "messages", None) or []:  # langchain chat
        prompt = getattr(message, "prompt", None)
        if prompt is not None:
            texts += _texts_of(prompt)
    return texts


def _is_prompt(value: object) -> bool:
    names = {cls.__name__ for cls in type(value).__mro__}
    return "BasePromptTemplate" in names


def templates() -> list[Template]:
    """Every default template found in the installed framework packages, sorted by name."""
    found: dict[str, Template] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for package in PACKAGES:
            for module_name in _modules(package):
                try:
                    if not _source_has_templates(module_name):
                        continue
                    module = importlib.import_module(module_name)
                except Exception:
                    continue
                for attribute, value in sorted(vars(module).items()):
                    if attribute.startswith("__"):
                        continue
                    if isinstance(value, str):
                        if not _CONSTANT.search(attribute) or len(value) < 40:
                            continue
                        texts = [value]
                    elif _is_prompt(value):
                        texts = _texts_of(value)
                    else:
                        continue
                    for number, text in enumerate(texts):
                        if len(text.strip()) < 20:
                            continue
                        name = f"{module_name}:{attribute}" + (f"#{number}" if number else "")
                        found.setdefault(" ".join(text.split()), Template(name, text))
    return sorted(found.values(), key=lambda t: t.name)


# Ordinary values for the variables, by name fragment (first match wins).
_HISTORY = [
    ("user", "Hi, which plan includes priority support?"),
    ("assistant", "The Business plan includes priority support with a 4-hour response."),
    ("user", "And what did I tell you my budget was?"),
    ("assistant", "You said your budget is about 300 euros per month."),
    ("user", "Which address did I give you for the invoice?"),
    ("assistant", "You gave 4 Elm Grove, Leeds, for the invoices."),
]
_PARAGRAPHS = [
    "The Business plan costs 290 euros per month and includes priority support, single "
    "sign-on and a dedicated account manager. Invoices are sent on the first of each month.",
    "Paul Graham grew up writing short stories and programming an IBM 1401. In college he "
    "studied philosophy before switching to AI, which at the time meant symbolic systems.",
    "To reset the router, hold the button on the back for ten seconds until the light turns "
    "orange, then wait two minutes. The default settings are printed under the device.",
    "Returns are accepted within 30 days of delivery. Items must be unused and in their "
    "original packaging. Refunds are issued to the original payment method.",
]
_QUESTIONS = [
    "What does the Business plan include?",
    "How do I reset the router?",
    "What did the author do growing up?",
    "Can I return an opened item after two weeks?",
    "Which address did I give you?",
]


def _value(name: str, rng: random.Random) -> str:
    key = name.lower()
    if "history" in key or key in ("messages", "conversation", "chat"):
        turns = _HISTORY[: rng.choice([2, 4, 6])]
        return "\n".join(f"{role}: {text}" for role, text in turns)
    if any(k in key for k in ("context", "text", "summar", "document", "chunk", "passage")):
        return "\n\n".join(rng.sample(_PARAGRAPHS, rng.randint(1, 3)))
    if any(k in key for k in ("query", "question", "input", "request", "task", "msg")):
        return rng.choice(_QUESTIONS)
    if "answer" in key or "response" in key or "output" in key:
        return "The Business plan includes priority support and single sign-on."
    if key.startswith(("num", "max", "top", "k")) or key in ("n", "count", "limit"):
        return str(rng.choice([2, 3, 5, 10]))
    if "schema" in key or "format" in key or "json" in key:
        return '{"title": "Answer", "type": "object", "properties": {"answer": {"type": "string"}}}'
    if "tool" in key or "function" in key:
        return "search_docs: Search the product documentation for a query string."
    if "keyword" in key:
        return "router, reset, light"
    if "table" in key or "sql" in key:
        return "Table 'orders' has columns: id (int), customer (text), total (float), day (date)"
    if "lang" in key:
        return "English"
    if "name" in key:
        return "Support assistant"
    return rng.choice(_PARAGRAPHS + _QUESTIONS)


def render(template: Template, seed: int = 0) -> str:
    """``template`` with every ``{variable}`` filled with ordinary content; ``{{`` stays."""
    rng = random.Random(f"{template.name}-{seed}")
    values: dict[str, str] = {}

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            values[name] = _value(name, rng)
        return values[name]

    filled = _VARIABLE.sub(fill, template.text)
    return filled.replace("{{", "{").replace("}}", "}")


def rendered(seeds: int = 1) -> Iterator[tuple[str, str]]:
    """(template name, rendered text) for every template, ``seeds`` renderings each."""
    for template in templates():
        for seed in range(seeds):
            yield template.name, render(template, seed)

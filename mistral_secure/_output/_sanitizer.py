"""The public output sanitizer: ``sanitize_output``, ``OutputSanitizer``, ``SanitizedOutput``."""

from __future__ import annotations

import secrets as _secrets
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .._redaction import find_entities
from .._restore import Restorer
from .._validate import require_str, require_text, text_with_replacements
from ._engine import Engine
from ._leaks import LeakFinder
from ._urls import host_rules

if TYPE_CHECKING:
    from .._redaction import Redaction

__all__ = [
    "DEFAULT_MAX_SEGMENT",
    "OutputFinding",
    "OutputSanitizer",
    "SanitizedOutput",
    "make_canary",
    "sanitize_output",
]

DEFAULT_MAX_SEGMENT: Final = 4096


def make_canary() -> str:
    """Return a random token to embed in a system prompt; seeing it in an answer means a leak."""
    return f"ms-canary-{_secrets.token_hex(12)}"


@dataclass(frozen=True, slots=True)
class OutputFinding:
    """Something the sanitizer changed.

    ``kind`` is one of ``"html"``, ``"markdown_image"``, ``"markdown_link"``, ``"leak_canary"``,
    ``"leak_system_prompt"``, ``"pii"``. ``detail`` names a tag, a scheme, a host, a reason or
    an entity type, never content. ``start``/``end`` are offsets in the original text.
    """

    kind: str
    detail: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SanitizedOutput:
    """The cleaned text and what was changed in it."""

    text: str
    findings: tuple[OutputFinding, ...] = ()

    @property
    def leaked(self) -> bool:
        """True if the answer repeated the canary, the system prompt or a named secret."""
        return any(f.kind.startswith("leak_") for f in self.findings)

    @property
    def entity_counts(self) -> dict[str, int]:
        """How many PII/secret values of each type were redacted."""
        counts: dict[str, int] = {}
        for f in self.findings:
            if f.kind == "pii":
                counts[f.detail] = counts.get(f.detail, 0) + 1
        return counts

    def __repr__(self) -> str:
        kinds = sorted({f.kind for f in self.findings})
        return (
            f"SanitizedOutput(chars={len(self.text)}, findings={len(self.findings)}, kinds={kinds})"
        )


_FEED: Final = 8192


def _run(engine: Engine, text: str) -> str:
    """The whole text through the engine, fed in pieces: its buffer (copied at every segment)
    stays short. The result is the same for every chunking."""
    out = [engine.feed(text[i : i + _FEED]) for i in range(0, len(text), _FEED)]
    out.append(engine.flush())
    return "".join(out)


class OutputSanitizer:
    """Cleans model output: HTML, dangerous links/images, leaks, PII and secrets.

    ``allowed_hosts``: hosts (and their subdomains) whose images may be shown; empty by default,
    which removes every image. ``link_hosts``: hosts links may point to (``"*"`` for any);
    defaults to ``allowed_hosts``. Links elsewhere keep their text and lose their URL.
    ``secrets``: strings (a discount code, an internal URL) whose appearance in an answer,
    at any length and however disguised, is removed as a leak. ``max_segment`` bounds the
    text a stream holds back while a construct stays open.
    """

    __slots__ = (
        "_entities",
        "_html",
        "_image_hosts",
        "_leaks",
        "_link_hosts",
        "_redact",
        "_summary",
        "max_segment",
    )

    def __init__(
        self,
        *,
        allowed_hosts: Collection[str] = (),
        system_prompt: str | None = None,
        canary: str | None = None,
        redact_pii: bool = True,
        entities: Collection[str] | None = None,
        html: bool = True,
        link_hosts: Collection[str] | None = None,
        max_segment: int = DEFAULT_MAX_SEGMENT,
        secrets: Sequence[str] = (),
    ) -> None:
        self._image_hosts = host_rules(allowed_hosts, "allowed_hosts")
        self._link_hosts = (
            self._image_hosts if link_hosts is None else host_rules(link_hosts, "link_hosts")
        )
        if system_prompt is not None:
            require_text(system_prompt, "system_prompt")
        if canary is not None:
            require_text(canary, "canary")
            if len(canary.strip()) < 8 or any(c.isspace() for c in canary):
                raise ValueError("canary must be at least 8 characters with no whitespace")
        if isinstance(secrets, str):
            raise TypeError("secrets must be a collection of str, not a str")
        for secret in secrets:
            require_text(secret, "each secret")
            if not any(c.isalnum() for c in secret):
                raise ValueError("each secret needs at least one letter or digit")
        if entities is not None and isinstance(entities, str):
            raise TypeError("entities must be a collection of entity names, not a str")
        if not isinstance(max_segment, int) or isinstance(max_segment, bool):
            raise TypeError("max_segment must be int")
        if max_segment < 512:
            raise ValueError("max_segment must be at least 512")
        self._leaks = LeakFinder(system_prompt=system_prompt, canary=canary, secrets=secrets)
        self._redact = bool(redact_pii)
        self._entities = None if entities is None else frozenset(entities)
        if self._redact:
            find_entities("", entities=self._entities)  # validates entity names now
        self._html = bool(html)
        self.max_segment = max_segment
        self._summary = (
            f"allowed_hosts={len(self._image_hosts)}, system_prompt={system_prompt is not None}, "
            f"canary={canary is not None}, secrets={len(secrets)}, redact_pii={self._redact}, "
            f"html={self._html}"
        )

    def __repr__(self) -> str:
        return f"OutputSanitizer({self._summary})"

    def __reduce__(self) -> str:
        raise TypeError("OutputSanitizer holds the system prompt and secrets: not picklable")

    def _sanitize(
        self, text: str, restorer: Restorer | None
    ) -> tuple[str, tuple[OutputFinding, ...]]:
        """The sanitized text, still holding the restorer's tokens, and the findings."""
        text = text_with_replacements(text, "the answer text")
        if restorer is None:
            engine = Engine(self)
            return _run(engine, text), _findings(engine, None)
        shielded, back = restorer.shield_map(text)
        engine = Engine(self, restorer.tokens)
        return _run(engine, shielded), _findings(engine, back)

    def sanitize(self, text: str, *, restore: Redaction | None = None) -> SanitizedOutput:
        """Sanitize a whole answer.

        ``restore`` (the input's :class:`~mistral_secure.Redaction`) puts the user's own
        values back in place of their placeholders, as text: a restored value never forms a
        link, an image or HTML with the text around it, and is never redacted. Secrets are
        never restored.
        """
        require_str(text, "the answer text")
        restorer = Restorer.of(restore)
        out, findings = self._sanitize(text, restorer)
        if restorer is not None:
            out = restorer.values(out)
        return SanitizedOutput(out, findings)


def _findings(engine: Engine, back: Callable[[int], int] | None) -> tuple[OutputFinding, ...]:
    if back is None:
        return tuple(OutputFinding(f.kind, f.detail, f.start, f.end) for f in engine.findings)
    return tuple(
        OutputFinding(f.kind, f.detail, back(f.start), back(f.end)) for f in engine.findings
    )


def sanitize_output(
    text: str,
    *,
    allowed_hosts: Collection[str] = (),
    system_prompt: str | None = None,
    canary: str | None = None,
    redact_pii: bool = True,
    entities: Collection[str] | None = None,
    html: bool = True,
    link_hosts: Collection[str] | None = None,
    secrets: Sequence[str] = (),
    restore: Redaction | None = None,
) -> str:
    """Return ``text`` cleaned by :class:`OutputSanitizer` with these options."""
    sanitizer = OutputSanitizer(
        allowed_hosts=allowed_hosts,
        system_prompt=system_prompt,
        canary=canary,
        redact_pii=redact_pii,
        entities=entities,
        html=html,
        link_hosts=link_hosts,
        secrets=secrets,
    )
    return sanitizer.sanitize(text, restore=restore).text

"""Policy: what the :class:`~mistral_secure.Guard` checks and what it does about it.

A :class:`Policy` is a frozen pydantic model with secure defaults. Load it from TOML
(:meth:`Policy.from_toml`) or from environment variables (:meth:`Policy.from_env`).
Any bad value (unknown key, category, entity or action, threshold outside ``[0, 1]``)
raises :class:`~mistral_secure.ConfigurationError` at construction.
"""

from __future__ import annotations

import json
import os
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ._exceptions import ConfigurationError
from ._moderation import CATEGORIES_2411, CATEGORIES_2603, KNOWN_CATEGORIES
from ._validate import plain_name, shown

if TYPE_CHECKING:
    from ._ner import NamedEntityRecognizer

__all__ = [
    "DEFAULT_REFUSAL",
    "ConversationPolicy",
    "InjectionPolicy",
    "LimitsPolicy",
    "ModerationPolicy",
    "OutputPolicy",
    "Policy",
    "RedactionPolicy",
    "ToolsPolicy",
    "WrappingPolicy",
]

DEFAULT_REFUSAL = "I cannot provide that response."

MODERATION_CATEGORIES = KNOWN_CATEGORIES


def moderation_categories(model: str) -> frozenset[str]:
    """Category names a moderation model can return (the union for ``-latest`` aliases)."""
    if "2411" in model:
        return CATEGORIES_2411
    if "2603" in model:
        return CATEGORIES_2603
    return MODERATION_CATEGORIES


def known_entities() -> frozenset[str]:
    """Entity types the redaction engine recognises."""
    # Imported on use: loading a policy should not compile the recognizers up front.
    from ._recognizers import BUILTIN_ENTITIES

    return BUILTIN_ENTITIES


def _check_entities(value: tuple[str, ...] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    unknown = sorted(set(value) - known_entities())
    if unknown:
        raise ValueError(
            f"unknown entity type(s) {unknown}; known: {', '.join(sorted(known_entities()))}"
        )
    return value


_NER_KINDS = ("builtin", "spacy", "presidio")


def _check_ner_model(model: str | None, kind: str) -> None:
    """A spaCy pipeline must be named and installed; it is loaded on first use."""
    if not model:
        raise ValueError(f'ner = "{kind}" needs ner_model, the spaCy pipeline to load')
    try:
        import spacy.util
    except ImportError:
        raise ValueError(f'ner = "{kind}" needs spaCy: pip install "mistral-secure[ner]"') from None
    if not (spacy.util.is_package(model) or Path(model).exists()):
        raise ValueError(
            f"spaCy pipeline {model!r} is not installed (python -m spacy download {model})"
        )


def _check_hosts(value: tuple[str, ...]) -> tuple[str, ...]:
    for host in value:
        if not host or "/" in host or " " in host:
            raise ValueError(
                f"allowed host {shown(host)} must be a bare name such as 'example.com'"
            )
    return tuple(h.lower() for h in value)


class _Section(BaseModel):
    """Base of every policy model: frozen, typo-proof, errors as ConfigurationError."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _PolicyError(type(self).__name__, _problems(exc)) from None


class _PolicyError(ConfigurationError):
    """ConfigurationError that keeps its (location, message) pairs for nesting."""

    def __init__(self, where: str, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        detail = "; ".join(f"{loc}: {msg}" if loc else msg for loc, msg in problems)
        super().__init__(f"invalid {where}: {detail}")


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    """(location, message) pairs; never the input values, which could be anything pasted."""
    out: list[tuple[str, str]] = []
    for err in exc.errors(include_input=False, include_url=False):
        # A list index stays a number; a key the caller wrote may be a pasted secret.
        loc = ".".join(
            shown(p) if isinstance(p, str) and not plain_name(p) else str(p) for p in err["loc"]
        )
        nested = getattr(err.get("ctx", {}).get("error"), "problems", None)
        if nested:  # a section's own __init__ already described its errors
            out.extend((".".join(filter(None, (loc, sub))), msg) for sub, msg in nested)
        else:
            out.append((loc, err["msg"].removeprefix("Value error, ")))
    return out


class InjectionPolicy(_Section):
    """Prompt-injection screening of untrusted input."""

    enabled: bool = Field(default=True, description="Screen input for prompt injection.")
    action: Literal["block", "neutralize", "flag"] = Field(
        default="block",
        description="`block` raises InjectionDetected; `neutralize` replaces the sentence that "
        "holds each match with `marker`; `flag` only records the verdict.",
    )
    threshold: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="Score at or above which input counts as an injection.",
    )
    phrases: tuple[str, ...] = Field(
        default=(), description="Extra literal phrases to treat as injection."
    )
    disable: tuple[str, ...] = Field(default=(), description="Rule ids or families to switch off.")
    marker: str = Field(default="[FILTERED]", description="Replacement text used by `neutralize`.")
    context_action: Literal["neutralize", "block", "flag"] = Field(
        default="neutralize",
        description="For injections in retrieved context: in system or assistant messages (chat "
        "engines, chat history) and in the context a query engine writes into its prompt "
        "(`Guard.check_context`): `neutralize` replaces the sentence that holds each match with "
        "`marker`; `block` raises InjectionDetected; `flag` only records it.",
    )
    remote: bool = Field(
        default=False,
        description="Ask the moderator's `jailbreaking` category (a model that has it, such "
        "as `mistral-moderation-2603`) about texts scoring in [`remote_from`, `threshold`).",
    )
    remote_from: float = Field(
        default=0.25,
        ge=0.0,
        le=1.0,
        description="Lowest local score sent to the remote tie-breaker.",
    )
    remote_threshold: float = Field(
        default=0.5,
        ge=0.0,
        le=1.0,
        description="`jailbreaking` score at or above which a mid-score text is an injection.",
    )


class RedactionPolicy(_Section):
    """PII and secret redaction of input before it reaches the model."""

    enabled: bool = Field(default=True, description="Redact PII and secrets in input.")
    entities: tuple[str, ...] | None = Field(
        default=None,
        description="Entity types to redact (Presidio names); `None` means all built-in "
        "types, plus those of the `ner` backend.",
    )
    mode: Literal["replace", "mask", "hash"] = Field(
        default="replace",
        description="`replace` uses restorable placeholders like `<EMAIL_ADDRESS_1>`; "
        "`mask` and `hash` are one-way.",
    )
    allow: tuple[str, ...] = Field(default=(), description="Exact values never redacted.")
    restore_output: bool = Field(
        default=True,
        description="Put the user's own values back in place of placeholders in the answer "
        '(only with `mode = "replace"`).',
    )
    ner: Any = Field(
        default=None,
        description="Person names, places and postal addresses: `builtin` (model-free "
        "rules), `spacy` (the pipeline `ner_model`), `presidio` (an AnalyzerEngine over "
        "`ner_model`); in Python also a spaCy `Language`, a Presidio `AnalyzerEngine` or any "
        "`NamedEntityRecognizer`. `None`: off.",
    )
    ner_model: str | None = Field(
        default=None,
        description='spaCy pipeline loaded for `ner = "spacy"` or `"presidio"` '
        "(for example `fr_core_news_md`), on first use.",
    )

    @field_validator("ner")
    @classmethod
    def _ner_kind(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and value in _NER_KINDS):
            return value
        if isinstance(value, str):
            raise ValueError(f"ner must be one of {', '.join(_NER_KINDS)} or a recognizer")
        from ._ner import as_recognizer

        try:
            return as_recognizer(value)  # a spaCy Language or AnalyzerEngine, wrapped
        except TypeError as exc:
            raise ValueError(str(exc)) from None

    @model_validator(mode="after")
    def _ner_and_entities(self) -> RedactionPolicy:
        from ._ner import NER_ENTITIES, ner_entities

        named: frozenset[str] = frozenset()
        if isinstance(self.ner, str):
            named = NER_ENTITIES
            if self.ner != "builtin":
                _check_ner_model(self.ner_model, self.ner)
        elif self.ner is not None:
            named = ner_entities(self.ner)
        if self.entities is not None:
            known = known_entities() | named
            unknown = sorted(set(self.entities) - known)
            if unknown:
                hint = " (PERSON, LOCATION and ADDRESS need `ner`)" if not named else ""
                raise ValueError(
                    f"unknown entity type(s) {unknown}; known: {', '.join(sorted(known))}" + hint
                )
        return self

    @property
    def ner_recognizer(self) -> NamedEntityRecognizer | None:
        """The named-entity backend ``ner`` names, built (and its pipeline loaded) once."""
        if self.ner is None or not isinstance(self.ner, str):
            return self.ner  # type: ignore[no-any-return,unused-ignore]
        from ._ner import NER_ENTITIES, load_recognizer

        wanted = NER_ENTITIES & set(self.entities or ())
        return load_recognizer(self.ner, self.ner_model, frozenset(wanted))


class ModerationPolicy(_Section):
    """Content moderation through Mistral's moderation API."""

    enabled: bool = Field(
        default=True,
        description="Moderate content (needs a `Moderator`, or `MISTRAL_API_KEY` in the env).",
    )
    check: Literal["input", "output", "both"] = Field(
        default="both", description="What to moderate: the input, the answer, or both."
    )
    model: str = Field(default="mistral-moderation-latest", description="Moderation model name.")
    thresholds: dict[str, float] = Field(
        default_factory=dict,
        description="Per-category score thresholds overriding the API's own flags.",
    )
    categories: tuple[str, ...] | None = Field(
        default=None, description="Categories that block; `None` means every flagged category."
    )
    on_error: Literal["fail_closed", "fail_open"] = Field(
        default="fail_closed",
        description="On a moderation outage: `fail_closed` raises ModerationUnavailable; "
        "`fail_open` lets the content through and records the outage.",
    )
    action: Literal["block", "flag"] = Field(
        default="block", description="`block` acts on flagged content; `flag` only records it."
    )
    output_action: Literal["refuse", "raise"] = Field(
        default="refuse",
        description="For a flagged answer: `refuse` replaces it with `refusal`; "
        "`raise` raises ContentFlagged.",
    )
    refusal: str = Field(
        default=DEFAULT_REFUSAL, description="Text that replaces a flagged answer."
    )
    timeout: float = Field(
        default=10.0,
        gt=0.0,
        description="Deadline of one moderation check, retries and waits included, in seconds.",
    )
    input_mode: Literal["concurrent", "sequential"] = Field(
        default="concurrent",
        description="Where the library makes the model call (secure chat models, `SecureLLM`, "
        "`InputGuard`...`OutputGuard` in one sequence): `concurrent` moderates the input while "
        "the model runs and withholds the answer until the input passed; `sequential` "
        "moderates before the call.",
    )
    stream_interval: int = Field(
        default=400,
        ge=1,
        description="In streams, moderate the accumulated answer at every sentence end and "
        "at least every this many characters.",
    )
    stream_mode: Literal["background", "hold"] = Field(
        default="background",
        description="Streams: `background` releases sanitized text at once, moderates at "
        "sentence ends beside the stream and, on a flag, cuts it with the refusal (text "
        "already shown stays shown); `hold` releases text only once moderation passed it.",
    )

    @field_validator("thresholds")
    @classmethod
    def _thresholds_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for name, threshold in value.items():
            if not 0.0 <= threshold <= 1.0:
                raise ValueError(f"threshold for {shown(name)} must be within [0, 1]")
        return value

    @model_validator(mode="after")
    def _categories_known(self) -> ModerationPolicy:
        known = moderation_categories(self.model)
        named = set(self.thresholds) | set(self.categories or ())
        unknown = sorted(named - known)
        if unknown:
            raise ValueError(
                f"unknown moderation category {', '.join(map(shown, unknown))} for model "
                f"{shown(self.model)}; "
                f"known: {', '.join(sorted(known))}"
            )
        return self

    @property
    def checks_input(self) -> bool:
        """Whether input is moderated."""
        return self.enabled and self.check in ("input", "both")

    @property
    def checks_output(self) -> bool:
        """Whether answers are moderated."""
        return self.enabled and self.check in ("output", "both")


class OutputPolicy(_Section):
    """Sanitization of the model's answer."""

    enabled: bool = Field(default=True, description="Sanitize answers.")
    sanitize_html: bool = Field(default=True, description="Clean HTML with an allow-list (nh3).")
    allowed_hosts: tuple[str, ...] = Field(
        default=(),
        description="Hosts that markdown links and images may point to; others are neutralised.",
    )
    redact_pii: bool = Field(default=True, description="Redact PII and secrets the model wrote.")
    entities: tuple[str, ...] | None = Field(
        default=None, description="Entity types redacted in answers; `None` means all built-in."
    )
    detect_leaks: bool = Field(
        default=True, description="Catch system-prompt leaks (canary token and prompt overlap)."
    )
    secrets: tuple[str, ...] = Field(
        default=(),
        description="Strings that must never appear in an answer (a discount code, an "
        "internal URL): caught at any length, however disguised, and handled by `leak_action`.",
        repr=False,
    )
    leak_action: Literal["remove", "block"] = Field(
        default="remove",
        description="On a leak: `remove` cuts the leaked span; `block` raises OutputBlocked.",
    )

    _entities = field_validator("entities")(_check_entities)
    _hosts = field_validator("allowed_hosts")(_check_hosts)


class WrappingPolicy(_Section):
    """Spotlighting: wrap untrusted input in delimiters it cannot close."""

    enabled: bool = Field(
        default=False,
        description="Wrap input. Off by default: the system prompt must then carry "
        "`InputCheck.instructions`.",
    )
    datamark: bool = Field(
        default=False, description="Interleave a marker between words (datamarking)."
    )
    source: str = Field(default="user", description="Source label written in the wrapper tag.")


class ConversationPolicy(_Section):
    """The per-conversation vault: a value keeps its placeholder across turns."""

    max_values: int = Field(
        default=1000,
        ge=1,
        description="Distinct values one conversation remembers; past it, values are still "
        "redacted with an unnumbered `<TYPE>` placeholder that is never restored.",
    )
    ttl: float = Field(
        default=3600.0,
        gt=0.0,
        description="Seconds a conversation's vault lives after its last use; then its values "
        "are forgotten.",
    )
    max_conversations: int = Field(
        default=10_000,
        ge=1,
        description="Conversations a `Guard` keeps by key; the least recently used goes first.",
    )


class ToolsPolicy(_Section):
    """Tool calls: arguments the model wrote, for tools that act on real data."""

    restore_arguments: bool = Field(
        default=True,
        description="Put the conversation's values back in tool-call arguments (secrets stay "
        "placeholders).",
    )
    sanitize_arguments: bool = Field(
        default=True,
        description="Sanitize tool-call arguments as answers are (HTML, links and images, "
        "leaks, PII the model wrote).",
    )


class LimitsPolicy(_Section):
    """Size limits (unbounded consumption, OWASP LLM10)."""

    max_input_chars: int | None = Field(
        default=100_000,
        ge=1,
        description="Longest accepted input in characters; `None` for no limit.",
    )


class Policy(_Section):
    """Everything the Guard checks, and what it does about each finding."""

    injection: InjectionPolicy = InjectionPolicy()
    redaction: RedactionPolicy = RedactionPolicy()
    moderation: ModerationPolicy = ModerationPolicy()
    output: OutputPolicy = OutputPolicy()
    wrapping: WrappingPolicy = WrappingPolicy()
    limits: LimitsPolicy = LimitsPolicy()
    conversation: ConversationPolicy = ConversationPolicy()
    tools: ToolsPolicy = ToolsPolicy()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Policy:
        """Build a policy from nested dicts (as parsed from TOML or JSON)."""
        if not isinstance(data, Mapping):
            raise TypeError(f"Policy.from_mapping() expects a mapping, got {type(data).__name__}")
        return cls(**dict(data))

    @classmethod
    def from_toml(cls, source: str | os.PathLike[str]) -> Policy:
        """Load a policy from a TOML file path or from TOML text.

        A ``pyproject.toml`` works too: its ``[tool.mistral-secure]`` table is used.
        """
        if isinstance(source, os.PathLike):
            text = _read(Path(source))
        elif isinstance(source, str):
            looks_like_path = "\n" not in source and "=" not in source
            if looks_like_path and not source.lstrip().startswith("["):
                text = _read(Path(source))
            else:
                text = source
        else:
            raise TypeError(
                f"Policy.from_toml() expects a path or TOML text, got {type(source).__name__}"
            )
        toml = _toml_module()
        try:
            data = toml.loads(text)
        except toml.TOMLDecodeError as exc:
            raise ConfigurationError(f"invalid policy TOML: {exc}") from None
        tool = data.get("tool")
        if isinstance(tool, dict):
            for key in ("mistral-secure", "mistral_secure"):
                if key in tool:
                    data = tool[key]
                    break
        return cls.from_mapping(data)

    @classmethod
    def from_env(
        cls, prefix: str = "MISTRAL_SECURE_", environ: Mapping[str, str] | None = None
    ) -> Policy:
        """Load a policy from environment variables.

        ``MISTRAL_SECURE_INJECTION__THRESHOLD=0.6`` sets ``injection.threshold``;
        ``__`` separates levels (``..._MODERATION__THRESHOLDS__SEXUAL=0.3``). List fields
        take comma-separated values or a JSON array; ``none`` sets an optional field to None.
        Variables without ``__`` (such as ``MISTRAL_SECURE_REDIS_URL``) are not policy
        settings and are left alone, except ``SECTION_FIELD`` typos, which are errors.
        """
        if not isinstance(prefix, str) or not prefix:
            raise ConfigurationError("Policy.from_env() needs a non-empty prefix")
        env = os.environ if environ is None else environ
        sections = tuple(cls.model_fields)
        data: dict[str, Any] = {}
        for name, raw in env.items():
            if not name.upper().startswith(prefix.upper()):
                continue
            path = [p.lower() for p in name[len(prefix) :].split("__")]
            if len(path) == 1:
                # Every policy setting is SECTION__FIELD; other settings share the prefix
                # (MISTRAL_SECURE_REDIS_URL), but SECTION_FIELD is a typo worth reporting.
                if path[0].startswith(tuple(f"{section}_" for section in sections)):
                    raise ConfigurationError(
                        f"malformed policy variable name {name!r}: "
                        "use a double underscore between section and field"
                    )
                continue
            if not all(path):
                raise ConfigurationError(f"malformed policy variable name {name!r}")
            node = data
            for part in path[:-1]:
                child = node.setdefault(part, {})
                if not isinstance(child, dict):
                    raise ConfigurationError(f"policy variable {name!r} conflicts with another")
                node = child
            node[path[-1]] = _env_value(raw, _annotation(cls, path))
        try:
            return cls.from_mapping(data)
        except ConfigurationError as exc:
            raise ConfigurationError(f"{exc} (from environment variables {prefix}*)") from None

    def reference(self) -> str:
        """Markdown table of every field, its default and its meaning (for the docs)."""
        rows = ["| setting | default | meaning |", "|---|---|---|"]
        for section, field in type(self).model_fields.items():
            model = field.annotation
            assert isinstance(model, type) and issubclass(model, BaseModel)
            for name, sub in model.model_fields.items():
                default = sub.get_default(call_default_factory=True)
                rows.append(
                    f"| `{section}.{name}` | `{json.dumps(default)}` | {sub.description or ''} |"
                )
        return "\n".join(rows)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigurationError(f"policy file not found: {path}") from None
    except OSError as exc:
        raise ConfigurationError(f"cannot read policy file {path}: {exc.strerror}") from None


def _toml_module() -> Any:
    import tomllib

    return tomllib


def _annotation(model: type[BaseModel], path: list[str]) -> Any:
    """The type annotation at ``path`` (None when the path does not exist)."""
    current: Any = model
    for part in path:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
    return current


def _is_sequence_type(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_sequence_type(a) for a in typing.get_args(annotation))
    return origin in (tuple, list, frozenset, set)


def _env_value(raw: str, annotation: Any) -> Any:
    value = raw.strip()
    if value.lower() in ("none", "null"):
        return None
    if value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise ConfigurationError("a policy variable holds malformed JSON") from None
    if _is_sequence_type(annotation):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value

"""Guard: runs a :class:`Policy` over the input and the output of a model call.

Input pipeline (:meth:`Guard.check_input`, :meth:`Guard.check_messages`): type and length
checks, injection screening (block, neutralize or flag), PII/secret redaction into
restorable placeholders, moderation of the text the model will see, optional wrapping.

Output pipeline (:meth:`Guard.check_output`, :meth:`Guard.guard_stream`,
:meth:`Guard.stream_session`): sanitization (HTML, markdown exfiltration, system-prompt
leaks, PII the model wrote), moderation (raise or replace with the refusal), then the
user's own values restored in place of the placeholders.

Documents (:meth:`Guard.screen_documents`): retrieved or ingested texts, screened per text
(drop, neutralize or flag), redacted one-way, moderated in one batched call (``_documents``).

Every check emits exactly one metadata-only :class:`AuditRecord`.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from collections import Counter
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from typing import Any, Literal

from . import _documents
from ._audit import AuditRecord, emit_audit_record
from ._documents import RedactionMode, ScreenAction, ScreenedDocument
from ._exceptions import (
    ConfigurationError,
    ContentFlagged,
    GuardBlocked,
    InjectionDetected,
    InputTooLong,
    ModerationUnavailable,
    OutputBlocked,
)
from ._injection import InjectionVerdict, detect_injection, neutralize_injection
from ._moderation import ModerationResult, Moderator
from ._policy import Policy
from ._redaction import SECRET_ENTITIES, Redaction, redact
from ._sanitize import OutputFinding, OutputSanitizer
from ._streaming import StreamSanitizer

__all__ = ["Guard", "GuardedStream", "InputCheck", "MessagesCheck", "OutputCheck"]

Stage = Literal["input", "output"]

# Roles whose content is untrusted: the user's and what tools brought back (indirect injection).
_UNTRUSTED_ROLES = frozenset({"user", "tool"})
_SENTENCE_END = frozenset(".!?\n")
# Stream moderation looks at this many trailing characters: it bounds memory and call size.
_STREAM_WINDOW = 8_000
# Separates messages while they are redacted together, so placeholders never collide.
_MESSAGE_SEPARATOR = "\n\x1e\n"


# -- results ---------------------------------------------------------------------------------


def _entity_counts(redaction: Redaction | None) -> dict[str, int]:
    if redaction is None:
        return {}
    return dict(Counter(entity.type for entity in redaction.entities))


@dataclass(frozen=True, slots=True, repr=False)
class InputCheck:
    """The outcome of :meth:`Guard.check_input`. Its repr shows counts and codes, no text.

    ``text`` is what to send to the model. Pass ``redaction`` to
    :meth:`Guard.check_output` (``restore=``) to put the user's values back in the answer.
    ``instructions`` is the system-prompt sentence that explains the wrapper, when wrapping
    is on.
    """

    text: str
    redaction: Redaction | None = None
    verdict: InjectionVerdict | None = None
    moderation: ModerationResult | None = None
    flags: tuple[str, ...] = ()
    instructions: str | None = None

    @property
    def entity_counts(self) -> dict[str, int]:
        """Redacted entities by type."""
        return _entity_counts(self.redaction)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Injection rules that matched (empty when screening is off or nothing matched)."""
        return self.verdict.rule_ids if self.verdict is not None else ()

    def __repr__(self) -> str:
        return (
            f"InputCheck(chars={len(self.text)}, flags={self.flags!r}, "
            f"rule_ids={self.rule_ids!r}, entities={self.entity_counts!r})"
        )


@dataclass(frozen=True, slots=True, repr=False)
class MessagesCheck:
    """The outcome of :meth:`Guard.check_messages`: the messages to send, and the handles."""

    messages: tuple[dict[str, Any], ...]
    redaction: Redaction | None = None
    verdicts: tuple[InjectionVerdict, ...] = ()
    moderation: ModerationResult | None = None
    flags: tuple[str, ...] = ()
    instructions: str | None = None

    @property
    def entity_counts(self) -> dict[str, int]:
        """Redacted entities by type, over all messages."""
        return _entity_counts(self.redaction)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Injection rules that matched in any message."""
        return tuple(dict.fromkeys(r for v in self.verdicts for r in v.rule_ids))

    def __repr__(self) -> str:
        return (
            f"MessagesCheck(messages={len(self.messages)}, flags={self.flags!r}, "
            f"rule_ids={self.rule_ids!r}, entities={self.entity_counts!r})"
        )


@dataclass(frozen=True, slots=True, repr=False)
class OutputCheck:
    """The outcome of :meth:`Guard.check_output`. ``text`` is safe to show."""

    text: str
    findings: tuple[OutputFinding, ...] = ()
    moderation: ModerationResult | None = None
    flags: tuple[str, ...] = ()
    refused: bool = False

    def __repr__(self) -> str:
        kinds = dict(Counter(f.kind for f in self.findings))
        return (
            f"OutputCheck(chars={len(self.text)}, refused={self.refused}, "
            f"flags={self.flags!r}, findings={kinds!r})"
        )


# -- audit -----------------------------------------------------------------------------------


@dataclass
class _Audit:
    """Collects one check's metadata; :meth:`emit` writes the single record."""

    operation: str
    start: float = field(default_factory=time.perf_counter)
    message_count: int = 0
    input_chars: int = 0
    output_chars: int = 0
    rule_ids: tuple[str, ...] = ()
    score: float | None = None
    entities: Counter[str] = field(default_factory=Counter)
    moderation_flags: list[str] = field(default_factory=list)
    outcome: str = "ok"
    blocked: bool = False
    block_reason: str | None = None
    error: str | None = None
    emitted: bool = False

    def verdict(self, verdict: InjectionVerdict) -> None:
        self.rule_ids = tuple(dict.fromkeys((*self.rule_ids, *verdict.rule_ids)))
        self.score = max(self.score or 0.0, verdict.score)

    def fail(self, exc: BaseException) -> None:
        if isinstance(exc, GuardBlocked):
            self.blocked, self.block_reason, self.outcome = True, exc.reason, "blocked"
        else:
            self.outcome = "error"
        self.error = type(exc).__name__

    def emit(self) -> None:
        if self.emitted:
            return
        self.emitted = True
        emit_audit_record(
            AuditRecord(
                operation=self.operation,
                message_count=self.message_count,
                input_chars=self.input_chars,
                output_chars=self.output_chars,
                latency_ms=(time.perf_counter() - self.start) * 1000.0,
                injection_rule_ids=self.rule_ids[:64],
                injection_score=self.score,
                entity_counts=dict(self.entities),
                moderation_flags=tuple(dict.fromkeys(self.moderation_flags))[:32],
                blocked=self.blocked,
                block_reason=self.block_reason,
                error=self.error,
                outcome=self.outcome,
            )
        )


# -- placeholder restoration -----------------------------------------------------------------


class _Replacer:
    """Replaces known keys in a text or a stream of chunks, holding back a possible key start.

    Every key starts with a character found nowhere else in any key, so a key can never
    straddle the cut between emitted text and held-back text.
    """

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._map = dict(mapping)
        keys = sorted(self._map, key=len, reverse=True)
        # Escaped literals only: no backtracking is possible.
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        self._longest = len(keys[0]) if keys else 0
        self._buffer = ""

    def replace(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._map[m.group(0)], text)

    def feed(self, chunk: str) -> str:
        if self._pattern is None:
            return chunk
        buffer = self._buffer + chunk
        hold = 0
        for size in range(min(self._longest - 1, len(buffer)), 0, -1):
            tail = buffer[-size:]
            if any(key.startswith(tail) for key in self._map):
                hold = size
                break
        cut = len(buffer) - hold
        self._buffer = buffer[cut:]
        return self.replace(buffer[:cut])

    def flush(self) -> str:
        rest, self._buffer = self._buffer, ""
        return self.replace(rest)


def _restoration(restore: Redaction) -> tuple[_Replacer, _Replacer]:
    """(shield, unshield): placeholders to opaque tokens before sanitizing, tokens to values after.

    The shield keeps placeholders intact through HTML cleaning and output redaction; the
    unshield puts back the user's own values, except secrets, which stay as placeholders.
    """
    nonce = secrets.token_hex(4)
    shield: dict[str, str] = {}
    unshield: dict[str, str] = {}
    for entity in restore.entities:
        placeholder = entity.placeholder
        # Only reversible placeholders like <EMAIL_ADDRESS_1>; masks and hashes stay as they are.
        if placeholder in shield or not (placeholder[:1] == "<" and placeholder[-1:] == ">"):
            continue
        token = f"PH{nonce}X{len(shield)}Z"
        shield[placeholder] = token
        unshield[token] = (
            placeholder if entity.type in SECRET_ENTITIES else restore.restore(placeholder)
        )
    return _Replacer(shield), _Replacer(unshield)


# -- the guard -------------------------------------------------------------------------------


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    return value


class Guard:
    """Applies a :class:`Policy` to model inputs and outputs; sync, async and streaming.

    ``moderator``: used for moderation. When the policy moderates and none is given, the
    guard builds one from the policy (model, thresholds, timeout) with ``MISTRAL_API_KEY``;
    without that variable construction fails with :class:`ConfigurationError`. A given
    moderator keeps its own model and thresholds; the policy still decides what to check,
    which categories block, and what an outage does.

    ``system_prompt`` and ``canary`` (see :func:`make_canary`) enable leak detection in
    answers; put the canary in your system prompt.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        *,
        moderator: Moderator | None = None,
        system_prompt: str | None = None,
        canary: str | None = None,
    ) -> None:
        if policy is not None and not isinstance(policy, Policy):
            raise TypeError(f"policy must be a Policy, got {type(policy).__name__}")
        if moderator is not None and not isinstance(moderator, Moderator):
            raise TypeError(f"moderator must be a Moderator, got {type(moderator).__name__}")
        if system_prompt is not None:
            _require_str(system_prompt, "system_prompt")
        if canary is not None:
            _require_str(canary, "canary")
        self.policy = policy if policy is not None else Policy()
        self.system_prompt = system_prompt
        self.canary = canary
        moderation = self.policy.moderation
        self._owns_moderator = False
        if moderator is None and (moderation.checks_input or moderation.checks_output):
            if not os.environ.get("MISTRAL_API_KEY"):
                raise ConfigurationError(
                    "the policy enables moderation but no moderator was given and "
                    "MISTRAL_API_KEY is not set: pass Guard(moderator=Moderator(...)), set "
                    "MISTRAL_API_KEY, or use Policy(moderation={'enabled': False})"
                )
            moderator = Moderator(
                model=moderation.model,
                thresholds=moderation.thresholds,
                timeout=moderation.timeout,
                on_error=moderation.on_error,
            )
            self._owns_moderator = True
        self.moderator = moderator
        out = self.policy.output
        self._sanitizer = (
            OutputSanitizer(
                allowed_hosts=out.allowed_hosts,
                system_prompt=system_prompt if out.detect_leaks else None,
                canary=canary if out.detect_leaks else None,
                redact_pii=out.redact_pii,
                entities=out.entities,
                html=out.sanitize_html,
            )
            if out.enabled
            else None
        )

    def __repr__(self) -> str:
        moderation = "on" if self.moderator is not None else "off"
        return f"Guard(policy=<Policy>, moderation={moderation}, leak_check={self._leak_check})"

    @property
    def _leak_check(self) -> bool:
        return self.policy.output.detect_leaks and (
            self.system_prompt is not None or self.canary is not None
        )

    def close(self) -> None:
        """Close the moderator's HTTP client if the guard built it."""
        if self._owns_moderator and self.moderator is not None:
            self.moderator.close()

    def __enter__(self) -> Guard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- moderation ------------------------------------------------------------------------

    def _outage(self, cause: str, stage: Stage, audit: _Audit) -> ModerationResult:
        audit.moderation_flags.append("outage")
        if self.policy.moderation.on_error == "fail_closed":
            raise ModerationUnavailable(cause=cause, stage=stage)
        model = self.moderator.model if self.moderator is not None else "unknown"
        return ModerationResult(
            flagged=False, flagged_categories=(), results=(), model=model, outage=True
        )

    def _moderate(
        self, run: Callable[[], ModerationResult], stage: Stage, audit: _Audit
    ) -> ModerationResult:
        # The policy's on_error wins over the moderator's own setting, whichever it has.
        try:
            result = run()
        except ModerationUnavailable as exc:
            return self._outage(exc.cause, stage, audit)
        return self._outage("outage", stage, audit) if result.outage else result

    async def _amoderate(
        self, run: Callable[[], Awaitable[ModerationResult]], stage: Stage, audit: _Audit
    ) -> ModerationResult:
        try:
            result = await run()
        except ModerationUnavailable as exc:
            return self._outage(exc.cause, stage, audit)
        return self._outage("outage", stage, audit) if result.outage else result

    def _blocking(self, result: ModerationResult, stage: Stage, audit: _Audit) -> tuple[str, ...]:
        """The flagged categories the policy acts on (empty: let it pass)."""
        policy = self.policy.moderation
        if result.outage:
            return ()
        audit.moderation_flags.extend(result.flagged_categories)
        acting = self._acting_categories(result.flagged_categories)
        if acting and policy.action == "flag":
            audit.outcome = "flagged"
            return ()
        return acting

    def _acting_categories(self, flagged: Iterable[str]) -> tuple[str, ...]:
        """The flagged categories the policy's ``moderation.categories`` selects."""
        allowed = self.policy.moderation.categories
        return tuple(c for c in flagged if allowed is None or c in allowed)

    # -- input -----------------------------------------------------------------------------

    def _screen(self, text: str, audit: _Audit, flags: list[str]) -> tuple[str, InjectionVerdict]:
        """Injection screening of one untrusted text: returns the text to keep and the verdict."""
        policy = self.policy.injection
        verdict = self._injection_verdict(text)
        audit.verdict(verdict)
        if not verdict.detected:
            return text, verdict
        if policy.action == "block":
            raise InjectionDetected(rule_ids=verdict.rule_ids, score=verdict.score)
        if policy.action == "neutralize":
            flags.append("injection_neutralized")
            return neutralize_injection(text, verdict=verdict, marker=policy.marker), verdict
        flags.append("injection_flagged")
        audit.outcome = "flagged"
        return text, verdict

    def _injection_verdict(self, text: str) -> InjectionVerdict:
        """Score ``text`` with the policy's threshold, phrases and disabled rules."""
        policy = self.policy.injection
        return detect_injection(
            text, threshold=policy.threshold, phrases=policy.phrases, disable=policy.disable
        )

    def _redact(self, text: str, audit: _Audit, flags: list[str]) -> Redaction | None:
        policy = self.policy.redaction
        if not policy.enabled:
            return None
        redaction = redact(text, entities=policy.entities, mode=policy.mode, allow=policy.allow)
        if redaction.entities:
            flags.append("redacted")
            audit.entities.update(entity.type for entity in redaction.entities)
        return redaction

    def _check_length(self, length: int) -> None:
        limit = self.policy.limits.max_input_chars
        if limit is not None and length > limit:
            raise InputTooLong(length=length, limit=limit)

    def _stage_input(
        self, text: object, audit: _Audit
    ) -> tuple[str, Redaction | None, InjectionVerdict | None, list[str]]:
        checked = _require_str(text, "input text")
        audit.input_chars, audit.message_count = len(checked), 1
        self._check_length(len(checked))
        flags: list[str] = []
        verdict: InjectionVerdict | None = None
        if self.policy.injection.enabled:
            checked, verdict = self._screen(checked, audit, flags)
        redaction = self._redact(checked, audit, flags)
        if redaction is not None:
            checked = redaction.text
        return checked, redaction, verdict, flags

    def _finish_input(
        self,
        text: str,
        *,
        redaction: Redaction | None,
        verdict: InjectionVerdict | None,
        flags: list[str],
        moderation: ModerationResult | None,
        audit: _Audit,
    ) -> InputCheck:
        if moderation is not None:
            if moderation.outage:
                flags.append("moderation_outage")
            acting = self._blocking(moderation, "input", audit)
            if acting:
                raise ContentFlagged(categories=acting, stage="input")
            if moderation.flagged:
                flags.append("moderation_flagged")
        instructions = None
        if self.policy.wrapping.enabled:
            from ._wrapping import wrap_untrusted  # off by default: load on use

            wrapped = wrap_untrusted(
                text, source=self.policy.wrapping.source, datamark=self.policy.wrapping.datamark
            )
            text, instructions = str(wrapped), wrapped.instructions
            flags.append("wrapped")
        audit.output_chars = len(text)
        return InputCheck(
            text=text,
            redaction=redaction,
            verdict=verdict,
            moderation=moderation,
            flags=tuple(flags),
            instructions=instructions,
        )

    def check_input(self, text: str) -> InputCheck:
        """Check one untrusted input; raise a :class:`GuardBlocked` subclass when blocked.

        Moderation sees the text the model would see (after neutralization and redaction),
        so PII never reaches the moderation endpoint either.
        """
        audit = _Audit("check_input")
        try:
            staged, redaction, verdict, flags = self._stage_input(text, audit)
            moderation = None
            if self.moderator is not None and self.policy.moderation.checks_input:
                moderator = self.moderator
                moderation = self._moderate(lambda: moderator.moderate(staged), "input", audit)
            return self._finish_input(
                staged,
                redaction=redaction,
                verdict=verdict,
                flags=flags,
                moderation=moderation,
                audit=audit,
            )
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    async def acheck_input(self, text: str) -> InputCheck:
        """Async :meth:`check_input`."""
        audit = _Audit("check_input")
        try:
            staged, redaction, verdict, flags = self._stage_input(text, audit)
            moderation = None
            if self.moderator is not None and self.policy.moderation.checks_input:
                moderator = self.moderator
                moderation = await self._amoderate(
                    lambda: moderator.amoderate(staged), "input", audit
                )
            return self._finish_input(
                staged,
                redaction=redaction,
                verdict=verdict,
                flags=flags,
                moderation=moderation,
                audit=audit,
            )
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    # -- conversations ---------------------------------------------------------------------

    def _stage_messages(
        self, messages: object, audit: _Audit
    ) -> tuple[list[dict[str, Any]], Redaction | None, list[InjectionVerdict], list[str]]:
        if isinstance(messages, (str, bytes, bytearray, Mapping)) or not isinstance(
            messages, Sequence
        ):
            raise TypeError(
                "messages must be a sequence of {'role', 'content'} dicts, "
                f"got {type(messages).__name__}"
            )
        out: list[dict[str, Any]] = []
        untrusted: list[int] = []
        for position, message in enumerate(messages):
            if not isinstance(message, Mapping):
                raise TypeError(
                    f"message {position} must be a mapping, got {type(message).__name__}"
                )
            role, content = message.get("role"), message.get("content")
            if not isinstance(role, str):
                raise ValueError(f"message {position} needs a str role")
            if role in _UNTRUSTED_ROLES:
                _require_str(content, f"message {position} content")
                untrusted.append(position)
            out.append(dict(message))
        audit.message_count = len(out)
        audit.input_chars = sum(len(out[i]["content"]) for i in untrusted)
        self._check_length(audit.input_chars)
        flags: list[str] = []
        verdicts: list[InjectionVerdict] = []
        if self.policy.injection.enabled:
            for i in untrusted:
                out[i]["content"], verdict = self._screen(out[i]["content"], audit, flags)
                verdicts.append(verdict)
        redaction = None
        if untrusted and self.policy.redaction.enabled:
            redaction = self._redact_together(out, untrusted, audit, flags)
        return out, redaction, verdicts, list(dict.fromkeys(flags))

    def _redact_together(
        self, out: list[dict[str, Any]], untrusted: list[int], audit: _Audit, flags: list[str]
    ) -> Redaction | None:
        """Redact all untrusted messages in one pass, so placeholders are unique across them."""
        contents = [out[i]["content"] for i in untrusted]
        redaction = self._redact(_MESSAGE_SEPARATOR.join(contents), audit, flags)
        if redaction is None:
            return None
        entities = sorted(redaction.entities, key=lambda e: e.start)
        offset = 0
        for i, content in zip(untrusted, contents, strict=True):
            end = offset + len(content)
            pieces: list[str] = []
            cursor = offset
            for entity in entities:
                if entity.start >= end or entity.end <= offset:
                    continue
                pieces.append(content[cursor - offset : max(entity.start, cursor) - offset])
                pieces.append(entity.placeholder)
                cursor = max(cursor, min(entity.end, end))
            pieces.append(content[cursor - offset :])
            out[i]["content"] = "".join(pieces)
            offset = end + len(_MESSAGE_SEPARATOR)
        return redaction

    def _finish_messages(
        self,
        out: list[dict[str, Any]],
        *,
        redaction: Redaction | None,
        verdicts: list[InjectionVerdict],
        flags: list[str],
        moderation: ModerationResult | None,
        audit: _Audit,
    ) -> MessagesCheck:
        if moderation is not None:
            if moderation.outage:
                flags.append("moderation_outage")
            acting = self._blocking(moderation, "input", audit)
            if acting:
                raise ContentFlagged(categories=acting, stage="input")
            if moderation.flagged:
                flags.append("moderation_flagged")
        instructions = None
        if self.policy.wrapping.enabled:
            from ._wrapping import wrap_untrusted

            for message in out:
                if message.get("role") in _UNTRUSTED_ROLES:
                    wrapped = wrap_untrusted(
                        message["content"],
                        source=message["role"],
                        datamark=self.policy.wrapping.datamark,
                    )
                    message["content"], instructions = str(wrapped), wrapped.instructions
            flags.append("wrapped")
        return MessagesCheck(
            messages=tuple(out),
            redaction=redaction,
            verdicts=tuple(verdicts),
            moderation=moderation,
            flags=tuple(flags),
            instructions=instructions,
        )

    def _conversation(self, out: list[dict[str, Any]]) -> list[dict[str, str]]:
        # The developer's system prompt is trusted: moderate what users, tools and the model said.
        return [
            {"role": m["role"], "content": m["content"]}
            for m in out
            if m.get("role") in ("user", "assistant", "tool") and isinstance(m.get("content"), str)
        ]

    def check_messages(self, messages: Sequence[Mapping[str, Any]]) -> MessagesCheck:
        """Check a chat (``[{"role": ..., "content": ...}, ...]``) before sending it.

        User and tool messages are screened, redacted (placeholders unique across the
        conversation) and wrapped; system and assistant messages pass unchanged. The
        conversation is moderated as a whole with ``moderate_chat``.
        """
        audit = _Audit("check_messages")
        try:
            out, redaction, verdicts, flags = self._stage_messages(messages, audit)
            moderation = None
            conversation = self._conversation(out)
            if self.moderator is not None and self.policy.moderation.checks_input and conversation:
                moderator = self.moderator
                moderation = self._moderate(
                    lambda: moderator.moderate_chat(conversation), "input", audit
                )
            return self._finish_messages(
                out,
                redaction=redaction,
                verdicts=verdicts,
                flags=flags,
                moderation=moderation,
                audit=audit,
            )
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    async def acheck_messages(self, messages: Sequence[Mapping[str, Any]]) -> MessagesCheck:
        """Async :meth:`check_messages`."""
        audit = _Audit("check_messages")
        try:
            out, redaction, verdicts, flags = self._stage_messages(messages, audit)
            moderation = None
            conversation = self._conversation(out)
            if self.moderator is not None and self.policy.moderation.checks_input and conversation:
                moderator = self.moderator
                moderation = await self._amoderate(
                    lambda: moderator.amoderate_chat(conversation), "input", audit
                )
            return self._finish_messages(
                out,
                redaction=redaction,
                verdicts=verdicts,
                flags=flags,
                moderation=moderation,
                audit=audit,
            )
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    # -- documents -------------------------------------------------------------------------

    def _stage_documents(
        self,
        texts: object,
        *,
        metadata: object,
        action: object,
        injection: bool,
        redact: bool,
        redaction_mode: object,
        moderate: bool,
        audit: _Audit,
    ) -> tuple[list[_documents._Draft], Moderator | None]:
        checked = _documents.check_texts(texts)
        meta = _documents.check_metadata(metadata, len(checked))
        _documents.check_options(action, redaction_mode)
        moderator = None
        if moderate and self.policy.moderation.enabled:
            if self.moderator is None:
                raise ConfigurationError(
                    "moderate=True needs a guard with a moderator: Guard(moderator=Moderator(...))"
                )
            moderator = self.moderator
        drafts = _documents.stage(
            self,
            checked,
            meta,
            action=action,  # type: ignore[arg-type]  # checked above
            injection=bool(injection),
            redact_pii=bool(redact),
            mode=redaction_mode,  # type: ignore[arg-type]  # checked above
            audit=audit,
        )
        return drafts, moderator

    def screen_documents(
        self,
        texts: Sequence[str],
        *,
        metadata: Sequence[Mapping[str, Any]] | None = None,
        action: ScreenAction = "drop",
        injection: bool = True,
        redact: bool = True,
        redaction_mode: RedactionMode = "hash",
        moderate: bool = False,
    ) -> list[ScreenedDocument]:
        """Screen untrusted documents (ingested or retrieved) before they reach a model.

        Per text, in order: injection screening with the policy's settings, where a hit is
        handled by ``action`` (``"drop"``, ``"neutralize"`` with the policy's marker, or
        ``"flag"``); then PII/secret redaction with the policy's entities and allow-list, in
        ``redaction_mode``, of the text and of the string values of its ``metadata`` (one
        mapping per text, optional). ``"hash"`` keeps no vault and cannot collide with the
        user's ``<TYPE_n>`` placeholders, so restoring the user's values in an answer never
        touches a document's value. With ``moderate=True`` (and moderation enabled in the
        policy) the kept texts go to the moderator in one batched call: the policy's acting
        categories drop a document under ``action="block"`` and are recorded under
        ``"flag"``; an outage raises :class:`ModerationUnavailable` when fail-closed and
        keeps every document (flag ``"moderation_outage"``) when fail-open.

        Returns one :class:`ScreenedDocument` per text, in order (dropped ones included).
        Writes one metadata-only audit record (operation ``"screen_documents"``).
        """
        audit = _Audit("screen_documents")
        try:
            drafts, moderator = self._stage_documents(
                texts,
                metadata=metadata,
                action=action,
                injection=injection,
                redact=redact,
                redaction_mode=redaction_mode,
                moderate=moderate,
                audit=audit,
            )
            inputs = _documents.moderation_inputs(drafts)
            if moderator is not None and inputs:
                result = self._moderate(lambda: moderator.moderate(inputs), "input", audit)
                _documents.judge(self, drafts, result, audit)
            return _documents.finish(drafts, audit)
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    async def ascreen_documents(
        self,
        texts: Sequence[str],
        *,
        metadata: Sequence[Mapping[str, Any]] | None = None,
        action: ScreenAction = "drop",
        injection: bool = True,
        redact: bool = True,
        redaction_mode: RedactionMode = "hash",
        moderate: bool = False,
    ) -> list[ScreenedDocument]:
        """Async :meth:`screen_documents` (the moderation call is awaited)."""
        audit = _Audit("screen_documents")
        try:
            drafts, moderator = self._stage_documents(
                texts,
                metadata=metadata,
                action=action,
                injection=injection,
                redact=redact,
                redaction_mode=redaction_mode,
                moderate=moderate,
                audit=audit,
            )
            inputs = _documents.moderation_inputs(drafts)
            if moderator is not None and inputs:
                result = await self._amoderate(lambda: moderator.amoderate(inputs), "input", audit)
                _documents.judge(self, drafts, result, audit)
            return _documents.finish(drafts, audit)
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    # -- output ----------------------------------------------------------------------------

    def _restorers(self, restore: Redaction | None) -> tuple[_Replacer, _Replacer]:
        if restore is not None and not isinstance(restore, Redaction):
            raise TypeError(f"restore must be a Redaction, got {type(restore).__name__}")
        if restore is None or not self.policy.redaction.restore_output:
            return _Replacer({}), _Replacer({})
        return _restoration(restore)

    def _count_findings(self, findings: Iterable[OutputFinding], audit: _Audit) -> None:
        for finding in findings:
            if finding.kind == "pii" and re.fullmatch(r"[A-Z][A-Z0-9_]{0,63}", finding.detail):
                audit.entities[finding.detail] += 1
            elif finding.kind.startswith("leak"):
                audit.moderation_flags.append(finding.kind)

    def _check_leak(self, findings: Iterable[OutputFinding]) -> None:
        if self.policy.output.leak_action == "block":
            leaks = sorted({f.kind for f in findings if f.kind.startswith("leak")})
            if leaks:
                raise OutputBlocked(reasons=leaks)

    def _stage_output(
        self, text: object, restore: Redaction | None, audit: _Audit
    ) -> tuple[str, tuple[OutputFinding, ...], _Replacer]:
        answer = _require_str(text, "output text")
        audit.input_chars = len(answer)
        shield, unshield = self._restorers(restore)
        shielded = shield.replace(answer)
        findings: tuple[OutputFinding, ...] = ()
        if self._sanitizer is not None:
            sanitized = self._sanitizer.sanitize(shielded)
            shielded, findings = sanitized.text, tuple(sanitized.findings)
            self._count_findings(findings, audit)
            self._check_leak(findings)
        return shielded, findings, unshield

    def _finish_output(
        self,
        text: str,
        findings: tuple[OutputFinding, ...],
        unshield: _Replacer,
        moderation: ModerationResult | None,
        audit: _Audit,
    ) -> OutputCheck:
        flags = sorted({f.kind for f in findings})
        refused = False
        if moderation is not None:
            if moderation.outage:
                flags.append("moderation_outage")
            acting = self._blocking(moderation, "output", audit)
            if acting:
                if self.policy.moderation.output_action == "raise":
                    raise ContentFlagged(categories=acting, stage="output")
                refused = True
                audit.outcome = "refused"
                flags.append("refused")
            elif moderation.flagged:
                flags.append("moderation_flagged")
        final = self.policy.moderation.refusal if refused else unshield.replace(text)
        audit.output_chars = len(final)
        return OutputCheck(
            text=final,
            findings=findings,
            moderation=moderation,
            flags=tuple(flags),
            refused=refused,
        )

    def check_output(self, text: str, *, restore: Redaction | None = None) -> OutputCheck:
        """Check a model answer; ``restore`` is the input's :attr:`InputCheck.redaction`.

        Order: sanitize (the user's placeholders are shielded, so only PII the model made
        up is redacted), moderate (placeholders, not the user's values, go to the API),
        then restore the user's values. Secrets are never restored.
        """
        audit = _Audit("check_output")
        try:
            staged, findings, unshield = self._stage_output(text, restore, audit)
            moderation = None
            if self.moderator is not None and self.policy.moderation.checks_output and staged:
                moderator = self.moderator
                moderation = self._moderate(lambda: moderator.moderate(staged), "output", audit)
            return self._finish_output(staged, findings, unshield, moderation, audit)
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    async def acheck_output(self, text: str, *, restore: Redaction | None = None) -> OutputCheck:
        """Async :meth:`check_output`."""
        audit = _Audit("check_output")
        try:
            staged, findings, unshield = self._stage_output(text, restore, audit)
            moderation = None
            if self.moderator is not None and self.policy.moderation.checks_output and staged:
                moderator = self.moderator
                moderation = await self._amoderate(
                    lambda: moderator.amoderate(staged), "output", audit
                )
            return self._finish_output(staged, findings, unshield, moderation, audit)
        except BaseException as exc:
            audit.fail(exc)
            raise
        finally:
            audit.emit()

    # -- streams ---------------------------------------------------------------------------

    def stream_session(self, *, restore: Redaction | None = None) -> GuardedStream:
        """A stateful session for streams whose chunks the caller must drive itself.

        ``feed(chunk)`` returns the text safe to emit now; ``flush()`` the rest at the end.
        Use ``afeed``/``aflush`` in async code (moderation is awaited there).
        """
        return GuardedStream(self, restore)

    stream = stream_session

    def guard_stream(
        self, chunks: Iterable[str], *, restore: Redaction | None = None
    ) -> Iterator[str]:
        """Guard a stream of answer chunks; stops with the refusal when moderation flags it."""
        session = self.stream_session(restore=restore)
        try:
            for chunk in chunks:
                piece = session.feed(chunk)
                if piece:
                    yield piece
                if session.stopped:
                    break
            tail = session.flush()
            if tail:
                yield tail
        finally:
            session.close()
            close = getattr(chunks, "close", None)
            if session.stopped and callable(close):
                close()

    async def aguard_stream(
        self, chunks: AsyncIterable[str], *, restore: Redaction | None = None
    ) -> AsyncIterator[str]:
        """Async :meth:`guard_stream`."""
        session = self.stream_session(restore=restore)
        try:
            async for chunk in chunks:
                piece = await session.afeed(chunk)
                if piece:
                    yield piece
                if session.stopped:
                    break
            tail = await session.aflush()
            if tail:
                yield tail
        finally:
            session.close()
            aclose = getattr(chunks, "aclose", None)
            if session.stopped and callable(aclose):
                await aclose()


class GuardedStream:
    """One guarded answer stream. Created by :meth:`Guard.stream_session`.

    When output moderation is on, text is released only after moderation has passed the
    accumulated answer including it, at each sentence end or every
    ``policy.moderation.stream_interval`` characters. Once flagged, the session emits the
    refusal (or raises) and ignores further chunks (``stopped`` is true).
    """

    def __init__(self, guard: Guard, restore: Redaction | None) -> None:
        self._guard = guard
        self._shield, self._unshield = guard._restorers(restore)
        self._sanitizer = (
            StreamSanitizer(guard._sanitizer) if guard._sanitizer is not None else None
        )
        policy = guard.policy.moderation
        self._moderating = guard.moderator is not None and policy.checks_output
        self._interval = policy.stream_interval
        self._checked = ""  # moderated text (tail window), pre-restore
        self._pending = ""  # sanitized text waiting for moderation
        self._audit = _Audit("guard_stream")
        self._seen_findings = 0
        self.findings: list[OutputFinding] = []
        self.moderation: ModerationResult | None = None
        self.stopped = False
        self.refused = False

    def __repr__(self) -> str:
        return f"GuardedStream(stopped={self.stopped}, refused={self.refused})"

    # sanitization ---------------------------------------------------------------------------

    def _sanitize(self, chunk: str, final: bool) -> str:
        text = self._shield.flush() if final else self._shield.feed(chunk)
        if self._sanitizer is not None:
            text = self._sanitizer.feed(text) if text else ""
            if final:
                text += self._sanitizer.flush()
            new = self._sanitizer.findings[self._seen_findings :]
            self._seen_findings = len(self._sanitizer.findings)
            self.findings.extend(new)
            self._guard._count_findings(new, self._audit)
            self._guard._check_leak(new)
        return text

    def _release(self, text: str, final: bool) -> str:
        out = self._unshield.feed(text)
        if final:
            out += self._unshield.flush()
        self._audit.output_chars += len(out)
        return out

    def _due(self, final: bool) -> bool:
        if not self._pending:
            return False
        return (
            final
            or len(self._pending) >= self._interval
            or any(c in _SENTENCE_END for c in self._pending)
        )

    def _window(self) -> str:
        return (self._checked + self._pending)[-_STREAM_WINDOW:]

    def _judge(self, result: ModerationResult, final: bool) -> str:
        self.moderation = result
        acting = self._guard._blocking(result, "output", self._audit)
        if acting:
            if self._guard.policy.moderation.output_action == "raise":
                raise ContentFlagged(categories=acting, stage="output")
            self.stopped = self.refused = True
            self._audit.outcome = "refused"
            self._pending = ""
            refusal = self._guard.policy.moderation.refusal
            self._audit.output_chars += len(refusal)
            return refusal
        released = self._pending
        self._checked = (self._checked + released)[-_STREAM_WINDOW:]
        self._pending = ""
        return self._release(released, final)

    # driving --------------------------------------------------------------------------------

    def _step(self, chunk: str | None) -> tuple[bool, str]:
        """Sanitize; return (needs moderation now, text to emit if not)."""
        final = chunk is None
        if chunk is not None:
            _require_str(chunk, "stream chunk")
            self._audit.input_chars += len(chunk)
        safe = self._sanitize(chunk or "", final)
        if not self._moderating:
            return False, self._release(safe, final)
        self._pending += safe
        if self._due(final):
            return True, ""
        return False, self._release("", final) if final else ""

    def _guarded(self, body: Callable[[], str]) -> str:
        try:
            return body()
        except BaseException as exc:
            self.stopped = True
            self._audit.fail(exc)
            self._audit.emit()
            raise

    def feed(self, chunk: str) -> str:
        """Take the next chunk; return what is safe to emit now (often ``""``)."""
        if self.stopped:
            return ""

        def body() -> str:
            due, out = self._step(chunk)
            if not due:
                return out
            moderator = self._guard.moderator
            assert moderator is not None
            window = self._window()
            return self._judge(
                self._guard._moderate(lambda: moderator.moderate(window), "output", self._audit),
                False,
            )

        return self._guarded(body)

    async def afeed(self, chunk: str) -> str:
        """Async :meth:`feed`."""
        if self.stopped:
            return ""
        try:
            due, out = self._step(chunk)
            if not due:
                return out
            moderator = self._guard.moderator
            assert moderator is not None
            window = self._window()
            result = await self._guard._amoderate(
                lambda: moderator.amoderate(window), "output", self._audit
            )
            return self._judge(result, False)
        except BaseException as exc:
            self.stopped = True
            self._audit.fail(exc)
            self._audit.emit()
            raise

    def flush(self) -> str:
        """End of stream: return the remaining safe text and write the audit record."""
        if self.stopped:
            self.close()
            return ""

        def body() -> str:
            due, out = self._step(None)
            if due:
                moderator = self._guard.moderator
                assert moderator is not None
                window = self._window()
                out = self._judge(
                    self._guard._moderate(
                        lambda: moderator.moderate(window), "output", self._audit
                    ),
                    True,
                )
            self.stopped = True
            self.close()
            return out

        return self._guarded(body)

    async def aflush(self) -> str:
        """Async :meth:`flush`."""
        if self.stopped:
            self.close()
            return ""
        try:
            out: str
            due, out = self._step(None)
            if due:
                moderator = self._guard.moderator
                assert moderator is not None
                window = self._window()
                result = await self._guard._amoderate(
                    lambda: moderator.amoderate(window), "output", self._audit
                )
                out = self._judge(result, True)
            self.stopped = True
            self.close()
            return out
        except BaseException as exc:
            self.stopped = True
            self._audit.fail(exc)
            self._audit.emit()
            raise

    def close(self) -> None:
        """Write the audit record if not yet written (for abandoned streams)."""
        if not self._audit.emitted and not self.stopped:
            self._audit.outcome = "aborted"
        self._audit.emit()

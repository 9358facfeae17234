"""Guard: runs a :class:`Policy` over the input and the output of a model call.

Input pipeline (:meth:`Guard.check_input`, :meth:`Guard.check_messages`): type and length
checks, PII/secret redaction into restorable placeholders, injection screening of the
redacted text (block, neutralize or flag), moderation of the text the model will see,
optional wrapping.

Output pipeline (:meth:`Guard.check_output`, :meth:`Guard.guard_stream`,
:meth:`Guard.stream_session`): sanitization (HTML, markdown exfiltration, system-prompt
leaks, PII the model wrote), moderation (raise or replace with the refusal), then the
user's own values restored in place of the placeholders.

Documents (:meth:`Guard.screen_documents`): retrieved or ingested texts, screened per text
(drop, neutralize or flag), redacted one-way, moderated in one batched call (``_documents``).

Every check emits exactly one metadata-only :class:`AuditRecord`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass
from typing import Any, Literal

from . import _documents
from ._documents import RedactionMode, ScreenAction, ScreenedDocument
from ._exceptions import (
    ConfigurationError,
    ContentFlagged,
    InjectionDetected,
    InputTooLong,
    ModerationUnavailable,
    OutputBlocked,
)
from ._flow import Ask, Audit, Flow, adrive, drive
from ._guard_stream import GuardedStream
from ._injection import InjectionVerdict, detect_injection, neutralize_injection
from ._moderation import ModerationResult, Moderator
from ._output import OutputFinding, OutputSanitizer
from ._policy import Policy
from ._redaction import Redaction, redact
from ._restore import Restorer
from ._validate import require_str, require_text

__all__ = ["Guard", "GuardedStream", "InputCheck", "MessagesCheck", "OutputCheck"]

Stage = Literal["input", "output"]

# Roles whose content is untrusted: the user's and what tools brought back (indirect injection).
_UNTRUSTED_ROLES = frozenset({"user", "tool"})
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


# -- the guard -------------------------------------------------------------------------------


class Guard:
    """Applies a :class:`Policy` to model inputs and outputs; sync, async and streaming.

    ``moderator``: used for moderation. When the policy moderates and none is given, the
    guard builds one from the policy (model, thresholds, timeout) with ``KeyPool.from_env()``
    and ``$MISTRAL_BASE_URL``; without a key construction fails with
    :class:`ConfigurationError`. A given
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
            require_str(system_prompt, "system_prompt")
        if canary is not None:
            require_str(canary, "canary")
        self.policy = policy if policy is not None else Policy()
        self.system_prompt = system_prompt
        self.canary = canary
        moderation = self.policy.moderation
        self._owns_moderator = False
        if moderator is None and (moderation.checks_input or moderation.checks_output):
            try:
                moderator = Moderator(
                    model=moderation.model,
                    thresholds=moderation.thresholds,
                    timeout=moderation.timeout,
                    on_error=moderation.on_error,
                )
            except ConfigurationError:
                raise ConfigurationError(
                    "the policy enables moderation but no moderator was given and "
                    "MISTRAL_API_KEY is not set: pass Guard(moderator=Moderator(...)), set "
                    "MISTRAL_API_KEY, or use Policy(moderation={'enabled': False})"
                ) from None
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
                secrets=out.secrets if out.detect_leaks else (),
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

    def _outage(self, cause: str, stage: Stage, audit: Audit) -> ModerationResult:
        audit.moderation_flags.append("outage")
        if self.policy.moderation.on_error == "fail_closed":
            raise ModerationUnavailable(cause=cause, stage=stage)
        model = self.moderator.model if self.moderator is not None else "unknown"
        return ModerationResult(
            flagged=False, flagged_categories=(), results=(), model=model, outage=True
        )

    def _moderation(self, ask: Ask, stage: Stage, audit: Audit) -> Flow[ModerationResult]:
        """Ask for one moderation call; an outage is handled as the policy says."""
        # The policy's on_error wins over the moderator's own setting, whichever it has.
        try:
            result = yield ask
        except ModerationUnavailable as exc:
            return self._outage(exc.cause, stage, audit)
        return self._outage("outage", stage, audit) if result.outage else result

    def _blocking(self, result: ModerationResult, stage: Stage, audit: Audit) -> tuple[str, ...]:
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

    def _judge_input(
        self, moderation: ModerationResult | None, flags: list[str], audit: Audit
    ) -> None:
        """Raise :class:`ContentFlagged` if the policy blocks what moderation flagged."""
        if moderation is None:
            return
        if moderation.outage:
            flags.append("moderation_outage")
        acting = self._blocking(moderation, "input", audit)
        if acting:
            raise ContentFlagged(categories=acting, stage="input")
        if moderation.flagged:
            flags.append("moderation_flagged")

    # -- input -----------------------------------------------------------------------------

    def _screen(self, text: str, audit: Audit, flags: list[str]) -> tuple[str, InjectionVerdict]:
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

    def _redact(self, text: str, audit: Audit, flags: list[str]) -> Redaction | None:
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

    def _input_flow(self, text: object) -> Flow[InputCheck]:
        with Audit("check_input") as audit:
            checked = require_str(text, "input text")
            audit.input_chars, audit.message_count = len(checked), 1
            self._check_length(len(checked))
            flags: list[str] = []
            # Redact first, then screen what the model will see: a redacted value cannot
            # carry instructions to the model, and keys, JWTs and card numbers are the bulk
            # of what injection screening would otherwise try to decode.
            redaction = self._redact(checked, audit, flags)
            if redaction is not None:
                checked = redaction.text
            verdict: InjectionVerdict | None = None
            if self.policy.injection.enabled:
                checked, verdict = self._screen(checked, audit, flags)
            moderation = None
            if self.moderator is not None and self.policy.moderation.checks_input:
                ask = Ask(self.moderator, texts=checked)
                moderation = yield from self._moderation(ask, "input", audit)
            self._judge_input(moderation, flags, audit)
            instructions = None
            if self.policy.wrapping.enabled:
                from ._wrapping import wrap_untrusted  # off by default: load on use

                wrapping = self.policy.wrapping
                wrapped = wrap_untrusted(
                    checked, source=wrapping.source, datamark=wrapping.datamark
                )
                checked, instructions = str(wrapped), wrapped.instructions
                flags.append("wrapped")
            audit.output_chars = len(checked)
            return InputCheck(
                text=checked,
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
        return drive(self._input_flow(text))

    async def acheck_input(self, text: str) -> InputCheck:
        """Async :meth:`check_input`."""
        return await adrive(self._input_flow(text))

    # -- conversations ---------------------------------------------------------------------

    def _stage_messages(
        self, messages: object, audit: Audit
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
                require_str(content, f"message {position} content")
                untrusted.append(position)
            out.append(dict(message))
        audit.message_count = len(out)
        audit.input_chars = sum(len(out[i]["content"]) for i in untrusted)
        self._check_length(audit.input_chars)
        flags: list[str] = []
        redaction = None
        if untrusted and self.policy.redaction.enabled:
            redaction = self._redact_together(out, untrusted, audit, flags)
        # As in check_input: screen the redacted text, which is what the model sees.
        verdicts: list[InjectionVerdict] = []
        if self.policy.injection.enabled:
            for i in untrusted:
                out[i]["content"], verdict = self._screen(out[i]["content"], audit, flags)
                verdicts.append(verdict)
        return out, redaction, verdicts, list(dict.fromkeys(flags))

    def _redact_together(
        self, out: list[dict[str, Any]], untrusted: list[int], audit: Audit, flags: list[str]
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

    def _conversation(self, out: list[dict[str, Any]]) -> list[dict[str, str]]:
        # The developer's system prompt is trusted: moderate what users, tools and the model said.
        return [
            {"role": m["role"], "content": m["content"]}
            for m in out
            if m.get("role") in ("user", "assistant", "tool") and isinstance(m.get("content"), str)
        ]

    def _messages_flow(self, messages: object) -> Flow[MessagesCheck]:
        with Audit("check_messages") as audit:
            out, redaction, verdicts, flags = self._stage_messages(messages, audit)
            moderation = None
            conversation = self._conversation(out)
            if self.moderator is not None and self.policy.moderation.checks_input and conversation:
                ask = Ask(self.moderator, chat=conversation)
                moderation = yield from self._moderation(ask, "input", audit)
            self._judge_input(moderation, flags, audit)
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

    def check_messages(self, messages: Sequence[Mapping[str, Any]]) -> MessagesCheck:
        """Check a chat (``[{"role": ..., "content": ...}, ...]``) before sending it.

        User and tool messages are screened, redacted (placeholders unique across the
        conversation) and wrapped; system and assistant messages pass unchanged. The
        conversation is moderated as a whole with ``moderate_chat``.
        """
        return drive(self._messages_flow(messages))

    async def acheck_messages(self, messages: Sequence[Mapping[str, Any]]) -> MessagesCheck:
        """Async :meth:`check_messages`."""
        return await adrive(self._messages_flow(messages))

    # -- documents -------------------------------------------------------------------------

    def _documents_flow(
        self,
        texts: object,
        *,
        metadata: object,
        action: object,
        injection: bool,
        redact: bool,
        redaction_mode: object,
        moderate: bool,
    ) -> Flow[list[ScreenedDocument]]:
        with Audit("screen_documents") as audit:
            checked = _documents.check_texts(texts)
            meta = _documents.check_metadata(metadata, len(checked))
            _documents.check_options(action, redaction_mode)
            moderator = None
            if moderate and self.policy.moderation.enabled:
                if self.moderator is None:
                    raise ConfigurationError(
                        "moderate=True needs a guard with a moderator: "
                        "Guard(moderator=Moderator(...))"
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
            inputs = _documents.moderation_inputs(drafts)
            if moderator is not None and inputs:
                ask = Ask(moderator, texts=inputs)
                result = yield from self._moderation(ask, "input", audit)
                _documents.judge(self, drafts, result, audit)
            return _documents.finish(drafts, audit)

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
        flow = self._documents_flow(
            texts,
            metadata=metadata,
            action=action,
            injection=injection,
            redact=redact,
            redaction_mode=redaction_mode,
            moderate=moderate,
        )
        return drive(flow)

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
        flow = self._documents_flow(
            texts,
            metadata=metadata,
            action=action,
            injection=injection,
            redact=redact,
            redaction_mode=redaction_mode,
            moderate=moderate,
        )
        return await adrive(flow)

    # -- output ----------------------------------------------------------------------------

    def _restorer(self, restore: Redaction | None) -> Restorer | None:
        if restore is not None and not isinstance(restore, Redaction):
            raise TypeError(f"restore must be a Redaction, got {type(restore).__name__}")
        if restore is None or not self.policy.redaction.restore_output:
            return None
        return Restorer.of(restore)

    def _count_findings(self, findings: Iterable[OutputFinding], audit: Audit) -> None:
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

    def _output_flow(self, text: object, restore: Redaction | None) -> Flow[OutputCheck]:
        with Audit("check_output") as audit:
            answer = require_text(text, "output text")
            audit.input_chars = len(answer)
            restorer = self._restorer(restore)
            findings: tuple[OutputFinding, ...] = ()
            if self._sanitizer is not None:
                # Values are restored inside the sanitizer: structure is decided on the text
                # the user gets, and a value is written so that it forms no markup.
                sanitized, findings = self._sanitizer._sanitize(answer, restorer)
                self._count_findings(findings, audit)
                self._check_leak(findings)
            else:
                sanitized = restorer.shield(answer) if restorer is not None else answer
            # Moderation reads placeholders, never the user's values.
            seen = restorer.placeholders(sanitized) if restorer is not None else sanitized
            flags = sorted({f.kind for f in findings})
            moderation = None
            refused = False
            if self.moderator is not None and self.policy.moderation.checks_output and seen:
                ask = Ask(self.moderator, texts=seen)
                moderation = yield from self._moderation(ask, "output", audit)
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
            if refused:
                final = self.policy.moderation.refusal
            else:
                final = restorer.values(sanitized) if restorer is not None else sanitized
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

        Order: sanitize with the user's values restored (only PII the model made up is
        redacted, and a restored value is written as text, never as markup), moderate
        (placeholders, not the user's values, go to the API). Secrets are never restored.
        """
        return drive(self._output_flow(text, restore))

    async def acheck_output(self, text: str, *, restore: Redaction | None = None) -> OutputCheck:
        """Async :meth:`check_output`."""
        return await adrive(self._output_flow(text, restore))

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

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

import os
import re
import secrets
from collections import Counter
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from . import _documents, _messages
from ._conversation import (
    ContextValues,
    Conversation,
    ConversationTable,
    current_conversation,
)
from ._documents import FlaggedDocuments, RedactionMode, ScreenAction, ScreenedDocument
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
from ._injection import (
    InjectionFinding,
    InjectionVerdict,
    detect_injection,
    neutralize_injection,
)
from ._moderation import ModerationResult, Moderator
from ._output import OutputFinding, OutputSanitizer
from ._pending import Pending
from ._policy import Policy, moderation_categories
from ._redaction import Redaction, redact
from ._restore import Restorer
from ._validate import require_str, text_with_replacements

__all__ = ["Guard", "GuardedStream", "InputCheck", "MessagesCheck", "OutputCheck"]

Stage = Literal["input", "output"]

# Roles whose content is untrusted: the user's and what tools brought back (indirect injection).
_UNTRUSTED_ROLES = _messages.UNTRUSTED_ROLES
# What tools brought back: a refused result is the marker wherever an agent replays it.
_TOOL_ROLES = frozenset({"tool", "function"})
_V = TypeVar("_V")


def _blank(text: str, needles: Iterable[str]) -> str:
    """``text`` with every occurrence of each needle replaced by spaces of the same length."""
    for needle in needles:
        if needle and needle in text:
            text = text.replace(needle, " " * len(needle))
    return text


def _hash_key(key: object) -> bytes:
    """The key of one-way ``hash`` placeholders: given, ``$MISTRAL_SECURE_HASH_KEY``, or random."""
    if key is None:
        key = os.environ.get("MISTRAL_SECURE_HASH_KEY") or None
    if key is None:
        return secrets.token_bytes(32)
    if isinstance(key, str):
        key = key.encode()
    if not isinstance(key, bytes):
        raise TypeError(f"hash_key must be str or bytes, got {type(key).__name__}")
    if len(key) < 16:
        raise ConfigurationError("hash_key must be at least 16 bytes long")
    return key


def _check_prompts(prompts: object) -> tuple[str, ...]:
    if isinstance(prompts, str) or not isinstance(prompts, Sequence):
        raise TypeError("system_prompts must be a sequence of str")
    return tuple(require_str(p, "system prompt") for p in prompts)


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
    is on. ``conversation`` is the conversation whose vault redacted the text, if any.

    Made with ``defer_moderation=True``, the check returns before its moderation call ends:
    call :meth:`confirm` (or ``await`` :meth:`aconfirm`) before showing the answer.
    """

    text: str
    redaction: Redaction | None = None
    verdict: InjectionVerdict | None = None
    moderation: ModerationResult | None = None
    flags: tuple[str, ...] = ()
    instructions: str | None = None
    counts: Mapping[str, int] | None = None
    conversation: Conversation | None = None
    pending: Pending[InputCheck] | None = None

    @property
    def entity_counts(self) -> dict[str, int]:
        """Entities redacted in this input, by type."""
        return dict(self.counts) if self.counts is not None else _entity_counts(self.redaction)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Injection rules that matched (empty when screening is off or nothing matched)."""
        return self.verdict.rule_ids if self.verdict is not None else ()

    def confirm(self) -> InputCheck:
        """The finished check: waits for a deferred moderation and raises if it blocks.

        Returns ``self`` when the check was not deferred.
        """
        return self if self.pending is None else self.pending.result()

    async def aconfirm(self) -> InputCheck:
        """Async :meth:`confirm`."""
        return self if self.pending is None else await self.pending.aresult()

    def __repr__(self) -> str:
        return (
            f"InputCheck(chars={len(self.text)}, flags={self.flags!r}, "
            f"rule_ids={self.rule_ids!r}, entities={self.entity_counts!r})"
        )


@dataclass(frozen=True, slots=True, repr=False)
class MessagesCheck:
    """The outcome of :meth:`Guard.check_messages`: the messages to send, and the handles.

    ``redaction`` restores every value of the conversation; see :class:`InputCheck` for
    ``confirm``/``aconfirm`` after ``defer_moderation=True``.
    """

    messages: tuple[dict[str, Any], ...]
    redaction: Redaction | None = None
    verdicts: tuple[InjectionVerdict, ...] = ()
    moderation: ModerationResult | None = None
    flags: tuple[str, ...] = ()
    instructions: str | None = None
    counts: Mapping[str, int] | None = None
    conversation: Conversation | None = None
    pending: Pending[MessagesCheck] | None = None

    @property
    def entity_counts(self) -> dict[str, int]:
        """Entities redacted in these messages, by type."""
        return dict(self.counts) if self.counts is not None else _entity_counts(self.redaction)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Injection rules that matched in any message."""
        return tuple(dict.fromkeys(r for v in self.verdicts for r in v.rule_ids))

    def confirm(self) -> MessagesCheck:
        """The finished check: waits for a deferred moderation and raises if it blocks."""
        return self if self.pending is None else self.pending.result()

    async def aconfirm(self) -> MessagesCheck:
        """Async :meth:`confirm`."""
        return self if self.pending is None else await self.pending.aresult()

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


_C = TypeVar("_C", InputCheck, MessagesCheck)


# -- the guard -------------------------------------------------------------------------------


def _last_user(messages: Sequence[Mapping[str, Any]]) -> int:
    """The index of the last user message (the new turn), or -1."""
    return max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)


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
        hash_key: str | bytes | None = None,
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
        self._hash_key = _hash_key(hash_key)
        self._conversations = ConversationTable(self)
        self._context_values = ContextValues(self.policy.conversation.max_values)
        self._flagged = FlaggedDocuments()
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

    def _screen(
        self, text: str, audit: Audit, flags: list[str], judged: str | None = None
    ) -> Flow[tuple[str, InjectionVerdict]]:
        """Injection screening of one untrusted text: returns the text to keep and the verdict.

        ``judged`` (see :meth:`_judged_view`) is the text to judge instead, with spans that
        are not to be judged here blanked out.
        """
        action = self.policy.injection.action
        return (
            yield from self._act(
                text, audit=audit, flags=flags, judged=judged, action=action, flag="injection"
            )
        )

    def _screen_context(
        self, text: str, audit: Audit, flags: list[str], judged: str | None = None
    ) -> Flow[tuple[str, InjectionVerdict]]:
        """Injection screening of context in system and assistant messages.

        Retrieved documents and chat history reach the model there; one poisoned document
        must not make every question fail, so ``injection.context_action`` applies
        (neutralize by default) rather than ``injection.action``.
        """
        action = self.policy.injection.context_action
        return (
            yield from self._act(
                text,
                audit=audit,
                flags=flags,
                judged=judged,
                action=action,
                flag="context_injection",
            )
        )

    def _act(
        self,
        text: str,
        *,
        audit: Audit,
        flags: list[str],
        judged: str | None,
        action: str,
        flag: str,
    ) -> Flow[tuple[str, InjectionVerdict]]:
        seen = text if judged is None else judged
        verdict = self._injection_verdict(seen)
        policy = self.policy.injection
        if policy.remote and policy.remote_from <= verdict.score < verdict.threshold:
            verdict = yield from self._remote_verdict(seen, verdict, audit, flags)
        audit.verdict(verdict)
        if not verdict.detected:
            return text, verdict
        if action == "block":
            raise InjectionDetected(rule_ids=verdict.rule_ids, score=verdict.score)
        if action == "neutralize":
            flags.append(f"{flag}_neutralized")
            spans = verdict if judged is None else self._injection_verdict(text)
            marker = self.policy.injection.marker
            # The whole sentence holding each match: the rest of the instruction goes too.
            spans = _documents.whole_sentences(text, spans)
            return neutralize_injection(text, verdict=spans, marker=marker), verdict
        flags.append(f"{flag}_flagged")
        audit.outcome = "flagged"
        return text, verdict

    def _remote_verdict(
        self, text: str, verdict: InjectionVerdict, audit: Audit, flags: list[str]
    ) -> Flow[InjectionVerdict]:
        """Mid-score text: the moderator's ``jailbreaking`` score breaks the tie."""
        if self.moderator is None or "jailbreaking" not in moderation_categories(
            self.moderator.model
        ):
            raise ConfigurationError(
                "injection.remote needs a moderator whose model has the 'jailbreaking' "
                "category (for example Moderator(model='mistral-moderation-2603'))"
            )
        result = yield from self._moderation(Ask(self.moderator, texts=text), "input", audit)
        if result.outage or not result.results:
            flags.append("injection_remote_unavailable")
            return verdict
        score = result.results[0].scores.get("jailbreaking", 0.0)
        if score < self.policy.injection.remote_threshold:
            return verdict
        flags.append("injection_remote")
        finding = InjectionFinding(
            "remote.jailbreaking", "remote", 0, len(text), round(score, 4), "remote", None
        )
        return replace(
            verdict,
            detected=True,
            score=max(verdict.score, verdict.threshold),
            findings=(*verdict.findings, finding),
        )

    def _judged_view(self, original: str, trusted: Sequence[str] = ()) -> str | None:
        """What to judge for injection when ``original`` holds text not to judge here.

        That is the developer's own prompts (``trusted``) and documents this guard already
        screened and the app chose to keep flagged (judging them again in the prompt would
        undo that choice). ``None`` when there is none: judge the text itself. Otherwise the
        original with those spans blanked, redacted as the text itself was.
        """
        present = [t for t in trusted if t and t in original]
        present.extend(self._flagged.present(original))
        if not present:
            return None
        blanked = _blank(original, present)
        policy = self.policy.redaction
        if policy.enabled:
            blanked = redact(
                blanked, entities=policy.entities, allow=policy.allow, ner=policy.ner_recognizer
            ).text
        return blanked

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
        redaction = redact(
            text,
            entities=policy.entities,
            mode=policy.mode,
            allow=policy.allow,
            ner=policy.ner_recognizer,
        )
        counts = redaction.counts  # not .entities: 28,000 Entity objects in a dense 200 KB
        if counts:
            flags.append("redacted")
            audit.entities.update(counts)
        return redaction

    def _check_length(self, length: int) -> None:
        limit = self.policy.limits.max_input_chars
        if limit is not None and length > limit:
            raise InputTooLong(length=length, limit=limit)

    def _moderating_input(self) -> bool:
        return self.moderator is not None and self.policy.moderation.checks_input

    def _input_flow(
        self,
        text: object,
        conversation: Conversation | None,
        sink: list[InputCheck] | None = None,
    ) -> Flow[InputCheck]:
        with Audit("check_input") as audit:
            checked = require_str(text, "input text")
            audit.input_chars, audit.message_count = len(checked), 1
            self._check_length(len(checked))
            flags: list[str] = []
            # Redact first, then screen what the model will see: a redacted value cannot
            # carry instructions to the model, and keys, JWTs and card numbers are the bulk
            # of what injection screening would otherwise try to decode.
            redaction: Redaction | None = None
            counts: dict[str, int] | None = None
            if conversation is not None:
                if self.policy.redaction.enabled:
                    turn = conversation._redact(checked, self.policy.redaction.mode)
                    counts = turn.counts
                    if counts:
                        flags.append("redacted")
                        audit.entities.update(counts)
                    checked = turn.text
                redaction = conversation.redaction
            else:
                redaction = self._redact(checked, audit, flags)
                if redaction is not None:
                    checked = redaction.text
            verdict: InjectionVerdict | None = None
            if self.policy.injection.enabled:
                judged = self._judged_view(require_str(text, "input text"))
                checked, verdict = yield from self._screen(checked, audit, flags, judged)
            moderated = checked
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
            check = InputCheck(
                text=checked,
                redaction=redaction,
                verdict=verdict,
                flags=tuple(dict.fromkeys(flags)),
                instructions=instructions,
                counts=counts,
                conversation=conversation,
            )
            if not self._moderating_input():
                return check
            if sink is not None:
                sink.append(check)
            assert self.moderator is not None
            moderation = yield from self._moderation(
                Ask(self.moderator, texts=moderated), "input", audit
            )
            self._judge_input(moderation, flags, audit)
            return replace(check, moderation=moderation, flags=tuple(dict.fromkeys(flags)))

    def _deferred(self, flow: Flow[_C], sink: list[_C], *, asynchronous: bool) -> _C:
        """Run ``flow`` up to its moderation call; leave that call running in the background."""
        try:
            ask = next(flow)
        except StopIteration as done:
            value: _C = done.value
            return value
        return replace(sink[0], pending=Pending(flow, ask, asynchronous=asynchronous))

    def _pick(self, conversation: object) -> Conversation | None:
        if conversation is None or isinstance(conversation, Conversation):
            if conversation is not None and conversation._guard is not self:
                raise ValueError("conversation belongs to another Guard")
            return conversation
        raise TypeError(f"conversation must be a Conversation, got {type(conversation).__name__}")

    def check_input(
        self,
        text: str,
        *,
        conversation: Conversation | None = None,
        defer_moderation: bool = False,
    ) -> InputCheck:
        """Check one untrusted input; raise a :class:`GuardBlocked` subclass when blocked.

        Moderation sees the text the model would see (after neutralization and redaction),
        so PII never reaches the moderation endpoint either. With ``conversation`` (see
        :meth:`conversation`), values are redacted with its vault and keep their
        placeholders across turns. With ``defer_moderation=True`` the moderation call runs
        in the background: send ``text`` to the model, then call :meth:`InputCheck.confirm`
        before showing the answer.
        """
        conv = self._pick(conversation)
        if defer_moderation:
            sink: list[InputCheck] = []
            return self._deferred(self._input_flow(text, conv, sink), sink, asynchronous=False)
        return drive(self._input_flow(text, conv))

    async def acheck_input(
        self,
        text: str,
        *,
        conversation: Conversation | None = None,
        defer_moderation: bool = False,
    ) -> InputCheck:
        """Async :meth:`check_input` (a deferred moderation runs as an asyncio task)."""
        conv = self._pick(conversation)
        if defer_moderation:
            sink: list[InputCheck] = []
            return self._deferred(self._input_flow(text, conv, sink), sink, asynchronous=True)
        return await adrive(self._input_flow(text, conv))

    # -- conversations ---------------------------------------------------------------------

    def conversation(self, key: str | None = None) -> Conversation:
        """The conversation for ``key`` (kept, bounded, expiring), or a new unkept one.

        Use its checks (``conversation.check_messages(...)``, ``conversation.check_output(...)``)
        or pass it as ``conversation=`` to the guard's: a value keeps the same placeholder on
        every turn, history holding real values is redacted again, and answers, structured
        output and tool arguments get the values back.
        """
        if key is None:
            return Conversation(self)
        require_str(key, "conversation key")
        if not key:
            raise ValueError("conversation key must not be empty")
        return self._conversations.get(key)

    def _stage_messages(
        self,
        messages: object,
        audit: Audit,
        conversation: Conversation,
        system_prompts: Sequence[str],
    ) -> Flow[tuple[list[dict[str, Any]], dict[str, int], list[InjectionVerdict], list[str]]]:
        if isinstance(messages, (str, bytes, bytearray, Mapping)) or not isinstance(
            messages, Sequence
        ):
            raise TypeError(
                "messages must be a sequence of {'role', 'content'} dicts, "
                f"got {type(messages).__name__}"
            )
        out, texts = _messages.stage(messages)
        audit.message_count = len(out)
        audit.input_chars = sum(len(t.text) for t in texts if t.kind == "untrusted")
        self._check_length(audit.input_chars)
        flags: list[str] = []
        counts: Counter[str] = Counter()
        policy = self.policy
        last_user = _last_user(out)
        replayed: set[int] = set()
        for index, item in enumerate(texts):
            if (
                item.kind == "untrusted"
                and (item.message < last_user or out[item.message].get("role") in _TOOL_ROLES)
                and conversation._was_refused(item.text)
            ):
                # A turn this conversation refused, replayed from the app's memory (LlamaIndex
                # chat engines store the message before the call): the model never saw it,
                # and refusing again would end the chat for good. It goes as the marker.
                # A refused tool result goes as the marker wherever it comes back: an agent's
                # scratchpad replays it after the next user message, as the newest result.
                item.text = policy.injection.marker
                replayed.add(index)
        if replayed:
            flags.append("refused_turn_replaced")
        originals = [t.text for t in texts]
        mode = policy.redaction.mode
        if policy.redaction.enabled:
            for item in texts:
                turn = conversation._redact(item.text, mode)
                counts.update(turn.counts)
                item.text = turn.text
            for message in out:
                _messages.redact_tool_calls(
                    message, lambda v: conversation._redact(v, mode), counts
                )
            if counts:
                flags.append("redacted")
                audit.entities.update(counts)
        verdicts: list[InjectionVerdict] = []
        if policy.injection.enabled:
            trusted = [p for p in (self.system_prompt, *system_prompts) if p]
            for item, original in zip(texts, originals, strict=True):
                if item.kind == "untrusted":
                    judged = self._judged_view(original)
                    try:
                        item.text, verdict = yield from self._screen(
                            item.text, audit, flags, judged
                        )
                    except InjectionDetected:
                        conversation._note_refused(original)
                        raise
                else:
                    judged = self._judged_view(original, trusted if item.kind == "system" else ())
                    item.text, verdict = yield from self._screen_context(
                        item.text, audit, flags, judged
                    )
                verdicts.append(verdict)
        _messages.write_back(out, texts)
        return out, dict(counts), verdicts, list(dict.fromkeys(flags))

    def _messages_flow(
        self,
        messages: object,
        conversation: Conversation | None,
        system_prompts: Sequence[str],
        sink: list[MessagesCheck] | None = None,
    ) -> Flow[MessagesCheck]:
        with Audit("check_messages") as audit:
            prompts = _check_prompts(system_prompts)
            conv = conversation if conversation is not None else Conversation(self)
            out, counts, verdicts, flags = yield from self._stage_messages(
                messages, audit, conv, prompts
            )
            view = _messages.moderation_view(out)
            instructions = None
            if self.policy.wrapping.enabled:
                from ._wrapping import wrap_untrusted

                for message in out:
                    if message.get("role") in _UNTRUSTED_ROLES and isinstance(
                        message.get("content"), str
                    ):
                        wrapped = wrap_untrusted(
                            message["content"],
                            source=message["role"],
                            datamark=self.policy.wrapping.datamark,
                        )
                        message["content"], instructions = str(wrapped), wrapped.instructions
                flags.append("wrapped")
            check = MessagesCheck(
                messages=tuple(out),
                redaction=conv.redaction if self.policy.redaction.enabled else None,
                verdicts=tuple(verdicts),
                flags=tuple(flags),
                instructions=instructions,
                counts=counts,
                conversation=conversation,
            )
            if not (self._moderating_input() and view):
                return check
            if sink is not None:
                sink.append(check)
            assert self.moderator is not None
            moderation = yield from self._moderation(Ask(self.moderator, chat=view), "input", audit)
            try:
                self._judge_input(moderation, flags, audit)
            except ContentFlagged:
                # The conversation is moderated as a whole: remember the new turn as refused,
                # so the app's memory replaying it does not flag every later turn.
                _, staged = _messages.stage(messages)  # type: ignore[arg-type]
                last_user = _last_user(out)
                for item in staged:
                    if item.message == last_user:
                        conv._note_refused(item.text)
                raise
            return replace(check, moderation=moderation, flags=tuple(dict.fromkeys(flags)))

    def check_messages(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        conversation: Conversation | None = None,
        system_prompts: Sequence[str] = (),
        defer_moderation: bool = False,
    ) -> MessagesCheck:
        """Check a chat (``[{"role": ..., "content": ...}, ...]``) before sending it.

        Every message that leaves is redacted: user, tool, assistant (history the app
        stored with real values) and system messages, in content strings, text content parts
        and assistant tool-call arguments, with one vault, so a value has one placeholder
        everywhere (``conversation``: the same one on every turn). User and tool messages
        are screened for injection with ``injection.action`` and wrapped when wrapping is
        on. System and assistant messages carry retrieved context and history: they are
        screened with ``injection.context_action``, except the developer's own prompts
        (the guard's ``system_prompt`` and ``system_prompts``). The conversation (user,
        assistant and tool turns) is moderated as a whole with ``moderate_chat``;
        ``defer_moderation`` works as in :meth:`check_input`. A value the conversation
        holds is redacted wherever it appears again, even without the context that found it.
        A user or tool message the conversation refused (injection or moderation) and that
        comes back before a later user message (a chat engine's memory) is sent as
        ``injection.marker``, so one refusal does not end the chat; a refused tool result is
        sent as the marker wherever it comes back (an agent's replayed scratchpad).
        """
        conv = self._pick(conversation)
        if defer_moderation:
            sink: list[MessagesCheck] = []
            flow = self._messages_flow(messages, conv, system_prompts, sink)
            return self._deferred(flow, sink, asynchronous=False)
        return drive(self._messages_flow(messages, conv, system_prompts))

    async def acheck_messages(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        conversation: Conversation | None = None,
        system_prompts: Sequence[str] = (),
        defer_moderation: bool = False,
    ) -> MessagesCheck:
        """Async :meth:`check_messages`."""
        conv = self._pick(conversation)
        if defer_moderation:
            sink: list[MessagesCheck] = []
            flow = self._messages_flow(messages, conv, system_prompts, sink)
            return self._deferred(flow, sink, asynchronous=True)
        return await adrive(self._messages_flow(messages, conv, system_prompts))

    def check_context(
        self, texts: Sequence[str], *, conversation: Conversation | None = None
    ) -> list[str]:
        """Retrieved context (or an earlier answer) that an app puts inside a prompt's text.

        A query engine writes retrieved chunks into the user message of its prompt, where
        screening the whole message as user input would block every question that retrieves
        a poisoned chunk. Checked here first, each text is redacted with ``conversation``'s
        vault (the same placeholders as the question, restorable in the answer) and screened
        as context, with ``injection.context_action`` (neutralize by default), like system
        messages in :meth:`check_messages`. A text screened here and kept neutralized or
        flagged is not judged again inside the prompt. No moderation call (moderate retrieved
        text with :meth:`screen_documents`). Returns the texts in order; writes one audit
        record (operation ``"check_context"``).
        """
        conv = self._pick(conversation)
        with Audit("check_context") as audit:
            checked = _documents.check_texts(texts)
            conv = conv if conv is not None else Conversation(self)
            audit.message_count = len(checked)
            audit.input_chars = sum(map(len, checked))
            policy = self.policy
            flags: list[str] = []
            out: list[str] = []
            for original in checked:
                text = original
                if policy.redaction.enabled and text:
                    turn = conv._redact(text, policy.redaction.mode)
                    audit.entities.update(turn.counts)
                    text = turn.text
                if policy.injection.enabled and text:
                    # A flow only for injection.remote's tie-breaker call, made blocking here.
                    text, verdict = drive(
                        self._screen_context(text, audit, flags, self._judged_view(original))
                    )
                    if verdict.detected:
                        # Judged here as context: the prompt quoting it is not judged for it.
                        self._flagged.add(text)
                out.append(text)
            audit.output_chars = sum(map(len, out))
            return out

    def redact_for_index(self, texts: Sequence[str]) -> list[str]:
        """Texts redacted one-way for an index: embeddings, queries, condensed questions.

        ``hash`` placeholders under the guard's key (``hash_key=``, or
        ``$MISTRAL_SECURE_HASH_KEY``, or a random key per guard): the same value gives the
        same placeholder in a document screened by :meth:`screen_documents` (hash mode), in a
        query and in an embedding request, so equal values still embed alike, and nothing
        restorable is kept. Uses the policy's entities and allow-list; returns the texts
        unchanged when redaction is off. A value a conversation of this guard found only by
        its context (a one-time code) is hashed too wherever it stands as a whole token, in
        any conversation's text or none (the guard keeps a bounded set of keyed digests).
        """
        checked = _documents.check_texts(texts)
        policy = self.policy.redaction
        if not policy.enabled:
            return checked
        active = current_conversation()
        if active is not None and active._guard is self:
            # A value found by its context on an earlier turn ("my one-time code is 482913")
            # comes back bare in a condensed question; only the conversation knows it.
            checked = [active._hash_known_values(text, self._hash_key) for text in checked]
        # Outside its conversation (an embedding model that does not know the chat), such a
        # value is still known by its keyed digest; nothing to do while none was seen.
        checked = [self._context_values.hash_in(text, self._hash_key) for text in checked]
        return [
            _documents.keyed_hash_redact(
                text,
                self._hash_key,
                entities=policy.entities,
                allow=policy.allow,
                ner=policy.ner_recognizer,
            ).text
            for text in checked
        ]

    # -- structured output and tools -------------------------------------------------------

    def _restore_handle(
        self, conversation: Conversation | None, restore: Redaction | None
    ) -> Redaction | None:
        conv = self._pick(conversation)
        if conv is not None:
            if restore is not None:
                raise ValueError("pass conversation= or restore=, not both")
            return conv.redaction
        return restore

    def check_structured(
        self,
        value: _V,
        *,
        conversation: Conversation | None = None,
        restore: Redaction | None = None,
    ) -> _V:
        """Guard a parsed answer: a pydantic model, a dict, a list, or JSON text.

        Every string inside is sanitized like an answer (the user's placeholders shielded),
        all of them are moderated in one call, then the values of ``conversation`` (or of
        ``restore``) are put back. Returns the same shape and types. A flagged answer raises
        :class:`ContentFlagged` (a typed object has no place for the refusal text).
        """
        from ._structured import structured_flow

        handle = self._restore_handle(conversation, restore)
        return drive(structured_flow(self, value, handle))  # type: ignore[no-any-return]

    async def acheck_structured(
        self,
        value: _V,
        *,
        conversation: Conversation | None = None,
        restore: Redaction | None = None,
    ) -> _V:
        """Async :meth:`check_structured`."""
        from ._structured import structured_flow

        handle = self._restore_handle(conversation, restore)
        return await adrive(structured_flow(self, value, handle))  # type: ignore[no-any-return,unused-ignore]

    def check_tool_arguments(
        self,
        arguments: _V,
        *,
        conversation: Conversation | None = None,
        restore: Redaction | None = None,
        sanitize: bool | None = None,
    ) -> _V:
        """Tool-call arguments (a dict, a list, or JSON text) made ready for the tool.

        The conversation's values replace their placeholders (``tools.restore_arguments``),
        so the tool acts on real data; secrets stay placeholders. Each string is sanitized as
        an answer is (``tools.sanitize_arguments``; ``sanitize`` overrides it for this call).
        Offline: no moderation call.
        """
        from ._structured import check_tool_arguments

        handle = self._restore_handle(conversation, restore)
        if sanitize is not None and not isinstance(sanitize, bool):
            raise TypeError("sanitize must be a bool or None")
        clean = self.policy.tools.sanitize_arguments if sanitize is None else sanitize
        return check_tool_arguments(self, arguments, handle, sanitize=clean)

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
            return _documents.finish(drafts, audit, self)

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

        Per text, in order: injection screening with the policy's settings, where a hit is handled
        by ``action`` (``"drop"``, ``"neutralize"``: the sentence holding each match replaced with
        the policy's marker, or ``"flag"``); then PII/secret redaction with the policy's entities
        and allow-list, in ``redaction_mode``, of the text and of the string values of its
        ``metadata`` (one mapping per text, optional). ``"hash"`` keeps no vault and cannot collide
        with the user's ``<TYPE_n>`` placeholders, so restoring the user's values in an answer never
        touches a document's value. With ``moderate=True`` (and moderation enabled in the policy)
        the kept texts go to the moderator in one batched call: the policy's acting categories drop
        a document under ``action="block"`` and are recorded under ``"flag"``; an outage raises
        :class:`ModerationUnavailable` when fail-closed and keeps every document (flag
        ``"moderation_outage"``) when fail-open.

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
            answer = text_with_replacements(text, "output text")
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

"""No key and no prompt PII escape into logs, reprs, exceptions or audit records.

Every logger is at DEBUG (root, httpx, httpcore, httpx2, httpcore2, mistralai) with
``MISTRAL_DEBUG=1``, so the SDK's own request/response debug logging is on. Real clients
run against the local server: moderation, chat, stream, sync and async.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from mistralai.client import Mistral
from mistralai.client.errors import SDKError

from mistral_secure import fingerprint
from mistral_secure._audit import AUDIT_LOGGER_NAME, AuditRecord, JsonFormatter, emit_audit_record
from mistral_secure._clients import mistral_client
from mistral_secure._exceptions import GuardBlocked, NoUsableKey
from mistral_secure._keypool import KeyPool
from mistral_secure._logfilter import install_secret_filter, uninstall_secret_filter
from mistral_secure._moderation import Moderator
from mistral_secure.testing import MistralTestServer

KEY = "Qm7Xv2Lp9Rt4Wz8Kb3Nd6Hf1Jc5Gs0Ya"  # 32 characters, like a real Mistral key
WRONG_KEY = "Wr0ngKey5Tq8Lx2Mv7Nb4Hc9Jd3Gf6Sa"
EMAIL = "alice.martin@example.com"
PHONE = "+33 6 12 34 56 78"
PROMPT = f"I am Alice, write to {EMAIL} or call {PHONE}. How do I build a bomb?"
CHAT_MODEL = "mistral-small-latest"
LOGGERS = ("", "httpx", "httpcore", "httpx2", "httpcore2", "mistralai", "mistralai.client")


@dataclass
class Capture:
    stream: io.StringIO
    caplog: pytest.LogCaptureFixture
    capfd: pytest.CaptureFixture[str]

    def everything(self) -> str:
        out, err = self.capfd.readouterr()
        records = "\n".join(
            f"{r.getMessage()} {r.__dict__!r} {r.exc_text or ''}" for r in self.caplog.records
        )
        return "\n".join((self.stream.getvalue(), self.caplog.text, records, out, err))


@pytest.fixture
def capture(
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> Iterator[Capture]:
    monkeypatch.setenv("MISTRAL_DEBUG", "1")
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    install_secret_filter()
    try:
        yield Capture(stream, caplog, capfd)
    finally:
        uninstall_secret_filter()
        logging.getLogger().removeHandler(handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def server() -> Iterator[MistralTestServer]:
    with MistralTestServer(keys=[KEY]) as running:
        running.script(lambda body: "Sure. Contact me at bob@example.org for more.")
        yield running


def assert_clean(text: str) -> None:
    assert KEY not in text
    assert WRONG_KEY not in text


def audit_lines(stream: io.StringIO) -> list[dict[str, object]]:
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    return [line for line in lines if line.get("logger") == AUDIT_LOGGER_NAME]


def record_for(operation: str, response_usage: object, latency_ms: float) -> AuditRecord:
    usage = response_usage
    return AuditRecord(
        operation=operation,
        model=CHAT_MODEL,
        message_count=1,
        input_chars=len(PROMPT),
        prompt_tokens=getattr(usage, "prompt_tokens", None),
        completion_tokens=getattr(usage, "completion_tokens", None),
        total_tokens=getattr(usage, "total_tokens", None),
        latency_ms=latency_ms,
        key_fingerprint=fingerprint(KEY),
    )


async def test_no_key_or_prompt_pii_leaks_anywhere(
    capture: Capture, server: MistralTestServer
) -> None:
    pool = KeyPool([KEY])
    moderator = Moderator(pool=pool, server_url=server.url)
    plain_client = Mistral(api_key=KEY, server_url=server.url)
    pooled_client = mistral_client(pool, server_url=server.url)
    messages = [{"role": "user", "content": PROMPT}]
    objects: list[object] = [pool, moderator, pool.auth(), pool.acquire()]

    # Moderation, sync and async, texts and chat.
    objects.append(moderator.moderate([PROMPT, "hello"]))
    objects.append(moderator.moderate_chat(messages))
    objects.append(await moderator.amoderate(PROMPT + " again"))
    objects.append(
        await moderator.amoderate_chat([*messages, {"role": "assistant", "content": "no"}])
    )

    # Chat and stream through both client kinds, sync and async.
    for client in (plain_client, pooled_client):
        answer = client.chat.complete(model=CHAT_MODEL, messages=messages)  # type: ignore[arg-type]
        emit_audit_record(record_for("chat", answer.usage, 12.5))
        for _event in client.chat.stream(model=CHAT_MODEL, messages=messages):  # type: ignore[arg-type]
            pass
        emit_audit_record(record_for("stream", None, 20.0))
        answer = await client.chat.complete_async(model=CHAT_MODEL, messages=messages)  # type: ignore[arg-type]
        emit_audit_record(record_for("chat", answer.usage, 8.0))
        events = await client.chat.stream_async(model=CHAT_MODEL, messages=messages)  # type: ignore[arg-type]
        async for _event in events:
            pass

    # A wrong key: the SDK's error, and ours (every key of the pool rejected).
    bad_client = Mistral(api_key=WRONG_KEY, server_url=server.url)
    with pytest.raises(SDKError) as sdk_error:
        bad_client.chat.complete(model=CHAT_MODEL, messages=messages)  # type: ignore[arg-type]
    with pytest.raises(NoUsableKey) as moderation_error:
        Moderator(api_key=WRONG_KEY, server_url=server.url).moderate(PROMPT)
    objects += [sdk_error.value, moderation_error.value]

    # The debug logging really ran: the SDK logged requests, httpx logged calls.
    names = {r.name for r in capture.caplog.records}
    assert "mistralai.client" in names
    assert any(name.startswith("httpx") for name in names)
    assert [r.status for r in server.requests].count(401) == 2

    assert_clean(capture.everything())
    for obj in objects:
        assert_clean(repr(obj))
        assert_clean(str(obj))
    for exc in (sdk_error.value, moderation_error.value):
        assert_clean(" ".join(str(arg) for arg in exc.args))

    audits = audit_lines(capture.stream)
    assert len(audits) >= 6
    assert any(a.get("key_fingerprint") == fingerprint(KEY) for a in audits)
    dumped = json.dumps(audits)
    assert EMAIL not in dumped
    assert PHONE not in dumped
    assert "Alice" not in dumped
    assert "bob@example.org" not in dumped

    await moderator.aclose()


async def test_guard_audit_records_hold_no_prompt_pii(
    capture: Capture, server: MistralTestServer
) -> None:
    guard_module = pytest.importorskip("mistral_secure._guard")
    moderator = Moderator(pool=KeyPool([KEY]), server_url=server.url)
    guard = guard_module.Guard(moderator=moderator)
    outcomes: list[object] = []
    runs: list[Callable[[], object]] = [
        lambda: guard.check_input(PROMPT),
        lambda: guard.check_input(f"Please email {EMAIL} or call {PHONE}"),
        lambda: guard.check_output(f"Reply to {EMAIL} or {PHONE}"),
    ]
    for run in runs:
        try:
            outcomes.append(run())
        except GuardBlocked as exc:  # a block is fine: its text must be clean too
            outcomes.append(exc)
    try:
        outcomes.append(await guard.acheck_input(PROMPT))
    except GuardBlocked as exc:
        outcomes.append(exc)

    audits = audit_lines(capture.stream)
    assert len(audits) >= 4
    dumped = json.dumps(audits)
    for value in (EMAIL, PHONE, "Alice", "bomb"):
        assert value not in dumped
    assert any(a.get("entity_counts") for a in audits)
    assert_clean(capture.everything())
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            assert EMAIL not in str(outcome)
        assert_clean(repr(outcome))
    await moderator.aclose()


def test_a_key_logged_by_mistake_is_scrubbed(capture: Capture) -> None:
    logging.getLogger("app.settings").debug(
        "settings loaded: %s",
        {"MISTRAL_API_KEY": KEY, "headers": {"Authorization": f"Bearer {KEY}"}},
    )
    logging.getLogger("app.settings").info("retrying", extra={"auth": f"Bearer {KEY}"})
    text = capture.everything()
    assert_clean(text)
    assert fingerprint(KEY) in text

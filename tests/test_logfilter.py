"""The secret-scrubbing log filter."""

from __future__ import annotations

import io
import logging
import pickle
from collections.abc import Iterator

import pytest

from mistral_secure import fingerprint
from mistral_secure._audit import JsonFormatter
from mistral_secure._logfilter import (
    SecretScrubbingFilter,
    install_secret_filter,
    uninstall_secret_filter,
)

MISTRAL_KEY = "Zx9aQ2bR7cS4dT1eU8fV3gW6hX5iY0jK"
OPENAI_KEY = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB"
GITHUB_TOKEN = "ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
AWS_KEY = "AKIAIOSFODNN7EXAMPLE"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)


@pytest.fixture
def scrubber() -> SecretScrubbingFilter:
    return SecretScrubbingFilter()


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"Authorization: Bearer {MISTRAL_KEY}", MISTRAL_KEY),
        (f"headers={{'authorization': 'Bearer {MISTRAL_KEY}'}}", MISTRAL_KEY),
        (f"(b'authorization', b'Bearer {MISTRAL_KEY}')", MISTRAL_KEY),
        (f"MISTRAL_API_KEY={MISTRAL_KEY}", MISTRAL_KEY),
        (f"using {OPENAI_KEY} for fallback", OPENAI_KEY),
        (f"token {GITHUB_TOKEN}", GITHUB_TOKEN),
        (f"aws {AWS_KEY}", AWS_KEY),
        (f"session {JWT}", JWT),
    ],
)
def test_key_shaped_values_become_fingerprints(
    scrubber: SecretScrubbingFilter, text: str, secret: str
) -> None:
    clean = scrubber.scrub(text)
    assert secret not in clean
    assert fingerprint(secret) in clean


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("db config password: hunter2x9", "hunter2x9"),
        ("PGPASSWORD=s3cr3t9x psql -h db", "s3cr3t9x"),
        ("{'user': 'app', 'pwd': 'Tr0ub4dor&3'}", "Tr0ub4dor&3"),
        ("Mein Passwort ist Sommer2024", "Sommer2024"),
    ],
)
def test_short_passwords_named_as_such_are_scrubbed(
    scrubber: SecretScrubbingFilter, text: str, secret: str
) -> None:
    # Too short for the key-shaped fast path: the name alone must send them to the scan.
    clean = scrubber.scrub(text)
    assert secret not in clean
    assert "[PASSWORD " in clean


def test_private_keys_are_scrubbed(scrubber: SecretScrubbingFilter) -> None:
    body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" * 3
    pem = f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----"
    clean = scrubber.scrub(f"loaded {pem} ok")
    assert body not in clean
    assert "[PRIVATE_KEY " in clean


def test_text_without_secrets_is_returned_unchanged(scrubber: SecretScrubbingFilter) -> None:
    for text in (
        "",
        "HTTP Request: POST http://127.0.0.1:8000/v1/chat/completions 200 OK",
        "Authorization: [secure]",
        "request id d97cb7dae87f479285930f890f49bdef took 12 ms",
    ):
        assert scrubber.scrub(text) == text


def test_registered_secrets_are_scrubbed_without_context() -> None:
    scrubber = SecretScrubbingFilter(secrets=[MISTRAL_KEY])
    assert (
        scrubber.scrub(f"key is {MISTRAL_KEY}!") == f"key is [API_KEY {fingerprint(MISTRAL_KEY)}]!"
    )
    assert MISTRAL_KEY not in repr(scrubber)
    with pytest.raises(ValueError):
        scrubber.add_secret("short")
    with pytest.raises(TypeError):
        scrubber.add_secret(None)  # type: ignore[arg-type]


def make_record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    logger = logging.getLogger("tests.logfilter")
    return logger.makeRecord(logger.name, logging.INFO, __file__, 1, msg, args, None, extra=extra)


def test_filter_formats_args_before_scrubbing(scrubber: SecretScrubbingFilter) -> None:
    record = make_record("sending %s to %s", {"Authorization": f"Bearer {MISTRAL_KEY}"}, "api")
    assert scrubber.filter(record) is True
    assert MISTRAL_KEY not in record.getMessage()
    assert record.getMessage().endswith("to api")


def test_filter_scrubs_extra_values(scrubber: SecretScrubbingFilter) -> None:
    record = make_record(
        "config loaded", env=f"OPENAI_API_KEY={OPENAI_KEY}", nested={"token": [GITHUB_TOKEN]}
    )
    scrubber.filter(record)
    assert OPENAI_KEY not in record.env  # type: ignore[attr-defined]
    assert GITHUB_TOKEN not in str(record.nested)  # type: ignore[attr-defined]


def test_a_field_named_for_a_secret_is_scrubbed_whatever_its_shape(
    scrubber: SecretScrubbingFilter,
) -> None:
    record = make_record(
        "config loaded",
        db_password="hunter2!",
        settings={"MISTRAL_API_KEY": MISTRAL_KEY, "smtp.pass": "s3cret", "retries": "3"},
        db_passwort="geheim99",  # the recognizers' credential names, in every language
        token_count="1234",
        key="user-42",
    )
    scrubber.filter(record)
    assert "hunter2" not in str(record.__dict__)
    assert MISTRAL_KEY not in str(record.__dict__)
    assert "s3cret" not in str(record.__dict__)
    assert "geheim99" not in str(record.__dict__)
    assert record.settings["retries"] == "3"  # type: ignore[attr-defined]
    assert record.token_count == "1234"  # type: ignore[attr-defined]
    assert record.key == "user-42"  # type: ignore[attr-defined]


def test_filter_scrubs_exception_text(scrubber: SecretScrubbingFilter) -> None:
    logger = logging.getLogger("tests.logfilter")
    try:
        raise ValueError(f"bad credentials {GITHUB_TOKEN}")
    except ValueError:
        import sys

        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    scrubber.filter(record)
    text = logging.Formatter().format(record)
    assert "ValueError: bad credentials [API_KEY" in text
    assert GITHUB_TOKEN not in text


@pytest.fixture
def root_output() -> Iterator[io.StringIO]:
    """A JSON handler on the root logger at DEBUG; the filter is uninstalled afterwards."""
    root = logging.getLogger()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    uninstall_secret_filter()
    root.removeHandler(handler)
    root.setLevel(level)


def test_install_covers_child_loggers_and_later_handlers(root_output: io.StringIO) -> None:
    installed = install_secret_filter()
    late_stream = io.StringIO()
    late = logging.StreamHandler(late_stream)
    logging.getLogger().addHandler(late)
    try:
        logging.getLogger("thirdparty.http.client").debug(
            "send headers %r", [(b"authorization", f"Bearer {MISTRAL_KEY}".encode())]
        )
    finally:
        logging.getLogger().removeHandler(late)
    assert MISTRAL_KEY not in root_output.getvalue()
    assert MISTRAL_KEY not in late_stream.getvalue()
    assert fingerprint(MISTRAL_KEY) in late_stream.getvalue()
    assert installed is install_secret_filter()


def test_extra_values_are_scrubbed_for_handlers_added_after_install() -> None:
    # The usual order: the filter at start-up, then logging.basicConfig or dictConfig.
    install_secret_filter()
    stream = io.StringIO()
    late = logging.StreamHandler(stream)
    late.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(late)
    root.setLevel(logging.INFO)
    try:
        logging.getLogger("app.config").info(
            "settings", extra={"api_key": MISTRAL_KEY, "headers": {"auth": f"Bearer {OPENAI_KEY}"}}
        )
        logging.getLogger("app.config").info("plain %s", "text", extra={"user_id": 42})
    finally:
        root.removeHandler(late)
        root.setLevel(level)
        uninstall_secret_filter()
    out = stream.getvalue()
    assert MISTRAL_KEY not in out
    assert OPENAI_KEY not in out
    assert fingerprint(OPENAI_KEY) in out
    assert '"user_id": 42' in out


def test_a_scrubbed_record_pickles_as_a_plain_record(root_output: io.StringIO) -> None:
    install_secret_filter()
    logger = logging.getLogger("app.queue")
    record = logger.makeRecord("app.queue", logging.INFO, "f", 1, "m", (), None, extra={"k": 1})
    clone = pickle.loads(pickle.dumps(record))
    assert type(clone.__dict__) is dict
    assert clone.k == 1
    assert clone.getMessage() == "m"


def test_records_rebuilt_from_another_process_are_scrubbed(root_output: io.StringIO) -> None:
    # SocketHandler receivers and queue listeners rebuild records with makeLogRecord: the
    # record factory runs on an empty record, and the message arrives afterwards.
    install_secret_filter()
    record = logging.makeLogRecord(
        {
            "name": "worker",
            "msg": "child sent Authorization: Bearer %s",
            "args": (OPENAI_KEY,),
            "levelno": logging.ERROR,
            "levelname": "ERROR",
        }
    )
    logging.getLogger("worker").handle(record)
    assert "child sent" in root_output.getvalue()
    assert OPENAI_KEY not in root_output.getvalue()


def test_install_is_idempotent(root_output: io.StringIO) -> None:
    first = install_secret_filter()
    install_secret_filter()
    [handler] = [
        h for h in logging.getLogger().handlers if getattr(h, "stream", None) is root_output
    ]
    assert handler.filters.count(first) == 1
    logging.getLogger("tests").info("key %s", f"api_key={MISTRAL_KEY}")
    assert root_output.getvalue().count("[API_KEY") == 1


def test_install_on_a_named_logger_and_registered_secrets(root_output: io.StringIO) -> None:
    logger = logging.getLogger("tests.logfilter.named")
    installed = install_secret_filter(logger, secrets=[MISTRAL_KEY])
    assert installed in logger.filters
    logger.warning("plain %s", MISTRAL_KEY)
    assert MISTRAL_KEY not in root_output.getvalue()
    assert fingerprint(MISTRAL_KEY) in root_output.getvalue()
    with pytest.raises(TypeError):
        install_secret_filter("root")  # type: ignore[arg-type]


def test_a_broken_format_string_does_not_break_logging(root_output: io.StringIO) -> None:
    installed = install_secret_filter()
    record = logging.getLogger("tests").makeRecord(
        "tests", logging.INFO, __file__, 1, "%d", ("x",), None
    )
    assert record.msg == "%d"
    # Handlers call filters outside their error handling: a raise would reach the app.
    assert installed.filter(record) is True
    logging.getLogger("tests").info("after %s", f"api_key={MISTRAL_KEY}")
    assert "after" in root_output.getvalue()
    assert MISTRAL_KEY not in root_output.getvalue()


def test_uninstall_restores_the_record_factory(root_output: io.StringIO) -> None:
    before = logging.getLogRecordFactory()
    install_secret_filter()
    assert logging.getLogRecordFactory() is not before
    uninstall_secret_filter()
    assert logging.getLogRecordFactory() is before


def test_keys_held_by_a_pool_are_scrubbed_even_without_context(root_output: io.StringIO) -> None:
    # A bare Mistral key has no recognisable shape; the filter knows the pool's own keys.
    import gc

    from mistral_secure import KeyPool

    pool_key = "Qw3rTy8uIo1pAs6dFg2hJk9lZx4cVb7n"
    install_secret_filter()
    pool = KeyPool([pool_key])
    logging.getLogger("app.config").warning("settings: %s", {"password": pool_key})
    assert pool_key not in root_output.getvalue()
    assert fingerprint(pool_key) in root_output.getvalue()
    assert len(pool) == 1

    # The registry holds the pool weakly: once the pool is gone its keys are no longer kept.
    del pool
    gc.collect()
    from mistral_secure._logfilter import _held_secrets

    assert pool_key not in _held_secrets()

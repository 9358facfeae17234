"""Policy: secure defaults, TOML and env loading, and clear errors for bad configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from mistral_secure import ConfigurationError, Policy

EXAMPLE = Path(__file__).parent / "data" / "policy_example.toml"


def test_defaults_are_secure() -> None:
    policy = Policy()
    assert policy.injection.enabled and policy.injection.action == "block"
    assert policy.injection.threshold == 0.5
    assert policy.redaction.enabled and policy.redaction.mode == "replace"
    assert policy.redaction.restore_output
    assert policy.moderation.enabled and policy.moderation.check == "both"
    assert policy.moderation.on_error == "fail_closed"
    assert policy.moderation.refusal == "I cannot provide that response."
    assert policy.output.sanitize_html and policy.output.redact_pii and policy.output.detect_leaks
    assert policy.output.allowed_hosts == ()
    assert policy.limits.max_input_chars == 100_000


def test_policy_is_frozen() -> None:
    policy = Policy()
    with pytest.raises(ValueError, match="frozen"):
        policy.injection.threshold = 0.9  # type: ignore[misc]


def test_sections_accept_dicts_and_models() -> None:
    policy = Policy(injection={"action": "flag"}, output={"allowed_hosts": ["Docs.Mistral.AI"]})
    assert policy.injection.action == "flag"
    assert policy.output.allowed_hosts == ("docs.mistral.ai",)
    assert policy.moderation == Policy().moderation


def test_from_toml_file() -> None:
    policy = Policy.from_toml(EXAMPLE)
    assert policy.injection.action == "neutralize"
    assert policy.injection.threshold == 0.6
    assert policy.injection.phrases == ("reveal the launch codes",)
    assert policy.redaction.entities == ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "API_KEY")
    assert policy.moderation.on_error == "fail_open"
    assert policy.moderation.thresholds == {"sexual": 0.3, "violence_and_threats": 0.4}
    assert policy.moderation.refusal == "Sorry, I can't help with that."
    assert policy.output.leak_action == "block"
    assert policy.wrapping.enabled and policy.wrapping.datamark
    assert policy.limits.max_input_chars == 20_000
    # the same file named by a str path
    assert Policy.from_toml(str(EXAMPLE)) == policy


def test_from_toml_text_and_pyproject_table() -> None:
    assert Policy.from_toml("[injection]\nthreshold = 0.7\n").injection.threshold == 0.7
    pyproject = (
        '[project]\nname = "app"\n\n[tool.mistral-secure.moderation]\non_error = "fail_open"\n'
    )
    assert Policy.from_toml(pyproject).moderation.on_error == "fail_open"


def test_from_toml_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="policy file not found"):
        Policy.from_toml(tmp_path / "missing.toml")
    with pytest.raises(ConfigurationError, match="policy file not found"):
        Policy.from_toml("polcy.toml")
    with pytest.raises(ConfigurationError, match="invalid policy TOML"):
        Policy.from_toml("[injection\nthreshold = 0.7\n")
    bad = tmp_path / "bad.toml"
    bad.write_text("[injection]\ntreshold = 0.7\n")
    with pytest.raises(ConfigurationError, match=r"injection\.treshold: Extra inputs"):
        Policy.from_toml(bad)
    with pytest.raises(TypeError):
        Policy.from_toml(b"[injection]")  # type: ignore[arg-type]


def test_from_env() -> None:
    env = {
        "MISTRAL_SECURE_INJECTION__THRESHOLD": "0.6",
        "MISTRAL_SECURE_MODERATION__ON_ERROR": "fail_open",
        "MISTRAL_SECURE_MODERATION__THRESHOLDS__SELFHARM": "0.2",
        "MISTRAL_SECURE_OUTPUT__ALLOWED_HOSTS": "docs.mistral.ai, example.com",
        "MISTRAL_SECURE_REDACTION__ENTITIES": '["EMAIL_ADDRESS"]',
        "MISTRAL_SECURE_REDACTION__ENABLED": "false",
        "MISTRAL_SECURE_LIMITS__MAX_INPUT_CHARS": "none",
        "UNRELATED": "1",
    }
    policy = Policy.from_env(environ=env)
    assert policy.injection.threshold == 0.6
    assert policy.moderation.on_error == "fail_open"
    assert policy.moderation.thresholds == {"selfharm": 0.2}
    assert policy.output.allowed_hosts == ("docs.mistral.ai", "example.com")
    assert policy.redaction.entities == ("EMAIL_ADDRESS",)
    assert policy.redaction.enabled is False
    assert policy.limits.max_input_chars is None


def test_from_env_reads_os_environ_and_custom_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APPSEC_INJECTION__ACTION", "flag")
    assert Policy.from_env("APPSEC_").injection.action == "flag"
    assert Policy.from_env().injection.action == "block"


def test_from_env_typo_fails() -> None:
    with pytest.raises(ConfigurationError, match=r"injection\.threshhold.*environment"):
        Policy.from_env(environ={"MISTRAL_SECURE_INJECTION__THRESHHOLD": "0.6"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"injection": {"threshold": 1.5}}, r"injection\.threshold: .*less than or equal to 1"),
        ({"injection": {"threshold": -0.1}}, r"injection\.threshold: .*greater than or equal to 0"),
        ({"injection": {"action": "nuke"}}, r"injection\.action: .*'block', 'neutralize'"),
        ({"moderation": {"thresholds": {"violence": 0.3}}}, r"unknown moderation category"),
        ({"moderation": {"thresholds": {"sexual": 1.3}}}, r"threshold for 'sexual'"),
        ({"moderation": {"categories": ["gore"]}}, "unknown moderation category 'gore'"),
        (
            {
                "moderation": {
                    "model": "mistral-moderation-2411",
                    "thresholds": {"jailbreaking": 0.5},
                }
            },
            "'jailbreaking' for model 'mistral-moderation-2411'",
        ),
        ({"moderation": {"on_error": "ignore"}}, r"moderation\.on_error"),
        ({"redaction": {"entities": ["EMAIL"]}}, r"unknown entity type\(s\) \['EMAIL'\]"),
        ({"output": {"entities": ["NAME"]}}, r"output\.entities: unknown entity"),
        ({"output": {"leak_action": "ignore"}}, r"output\.leak_action"),
        ({"output": {"allowed_hosts": ["https://x.com/a"]}}, r"bare name"),
        ({"limits": {"max_input_chars": 0}}, r"limits\.max_input_chars"),
        ({"injecton": {}}, r"injecton: Extra inputs are not permitted"),
    ],
)
def test_bad_configuration_fails_at_construction(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Policy(**data)  # type: ignore[arg-type]


def test_errors_do_not_echo_values() -> None:
    with pytest.raises(ConfigurationError) as info:
        Policy(injection={"marker": {"secret": "sk-do-not-echo"}})  # type: ignore[arg-type]
    assert "sk-do-not-echo" not in str(info.value)


def test_reference_table_lists_every_field() -> None:
    table = Policy().reference()
    assert '| `moderation.on_error` | `"fail_closed"` |' in table
    assert "| `limits.max_input_chars` | `100000` |" in table
    count = sum(len(type(section).model_fields) for section in dict(Policy()).values())
    assert table.count("\n| `") == count


def test_from_env_leaves_other_mistral_secure_settings_alone() -> None:
    # The Redis URL and CI switches share the prefix but are not policy settings.
    env = {
        "MISTRAL_SECURE_REDIS_URL": "redis://127.0.0.1:6379/0",
        "MISTRAL_SECURE_REQUIRE_REDIS": "1",
        "MISTRAL_SECURE_INJECTION__THRESHOLD": "0.7",
    }
    assert Policy.from_env(environ=env).injection.threshold == 0.7


def test_from_env_single_underscore_after_a_section_is_reported() -> None:
    with pytest.raises(ConfigurationError, match="double underscore"):
        Policy.from_env(environ={"MISTRAL_SECURE_INJECTION_THRESHOLD": "0.6"})

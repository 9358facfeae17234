"""mistral-secure: a security layer for applications calling Mistral AI models.

The public surface is listed in ``__all__``. Names load lazily, so ``import mistral_secure``
stays cheap for a CLI or a log filter that needs only redaction.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._exceptions import (
    ConfigurationError,
    ContentFlagged,
    GuardBlocked,
    InjectionDetected,
    InputTooLong,
    KeySourceError,
    MistralSecureError,
    ModerationUnavailable,
    NoUsableKey,
    OutputBlocked,
    RateLimited,
)
from ._fingerprint import fingerprint

if TYPE_CHECKING:
    from ._audit import (
        AUDIT_LOGGER_NAME,
        AuditRecord,
        JsonFormatter,
        disable_otel,
        emit_audit_record,
        enable_otel,
    )
    from ._auth import FINGERPRINT_EXTENSION, KeyPoolAuth
    from ._clients import default_retry_config, httpx_clients, mistral_client, resolve_base_url
    from ._conversation import Conversation, current_conversation
    from ._documents import RedactionMode, ScreenAction, ScreenedDocument
    from ._guard import Guard, GuardedStream, InputCheck, MessagesCheck, OutputCheck
    from ._injection import (
        InjectionFinding,
        InjectionRule,
        InjectionVerdict,
        detect_injection,
        neutralize_injection,
    )
    from ._key_sources import (
        AwsSecretsManagerSource,
        CachedKeySource,
        EnvKeySource,
        FileKeySource,
        GcpSecretManagerSource,
        KeySource,
        VaultKeySource,
    )
    from ._keypool import ApiKey, InProcessKeyStateBackend, KeyPool, KeyStateBackend, RateBudget
    from ._logfilter import SecretScrubbingFilter, install_secret_filter, uninstall_secret_filter
    from ._moderation import (
        DEFAULT_MODERATION_MODEL,
        LRUModerationCache,
        ModerationCache,
        ModerationItem,
        ModerationResult,
        Moderator,
        amoderate,
        moderate,
    )
    from ._ner import BuiltinNER, NamedEntityRecognizer, PresidioNER, SpacyNER
    from ._output import (
        OutputFinding,
        OutputSanitizer,
        SanitizedOutput,
        StreamSanitizer,
        asanitize_stream,
        make_canary,
        sanitize_output,
        sanitize_stream,
    )
    from ._policy import Policy
    from ._redaction import SECRET_ENTITIES, Entity, Recognizer, Redaction, find_entities, redact
    from ._redis import (
        RedisConnection,
        RedisKeyStateBackend,
        RedisModerationCache,
        RedisRateBudget,
    )
    from ._wrapping import WrappedText, wrap_untrusted

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    # injection and wrapping
    "detect_injection": "._injection",
    "neutralize_injection": "._injection",
    "InjectionVerdict": "._injection",
    "InjectionFinding": "._injection",
    "InjectionRule": "._injection",
    "wrap_untrusted": "._wrapping",
    "WrappedText": "._wrapping",
    # redaction and output
    "redact": "._redaction",
    "Redaction": "._redaction",
    "Entity": "._redaction",
    "Recognizer": "._redaction",
    "find_entities": "._redaction",
    "SECRET_ENTITIES": "._redaction",
    "NamedEntityRecognizer": "._ner",
    "BuiltinNER": "._ner",
    "SpacyNER": "._ner",
    "PresidioNER": "._ner",
    "sanitize_output": "._output",
    "make_canary": "._output",
    "OutputSanitizer": "._output",
    "SanitizedOutput": "._output",
    "OutputFinding": "._output",
    "sanitize_stream": "._output",
    "asanitize_stream": "._output",
    "StreamSanitizer": "._output",
    # moderation
    "moderate": "._moderation",
    "amoderate": "._moderation",
    "Moderator": "._moderation",
    "ModerationResult": "._moderation",
    "ModerationItem": "._moderation",
    "ModerationCache": "._moderation",
    "LRUModerationCache": "._moderation",
    "DEFAULT_MODERATION_MODEL": "._moderation",
    # keys
    "KeyPool": "._keypool",
    "ApiKey": "._keypool",
    "KeyStateBackend": "._keypool",
    "InProcessKeyStateBackend": "._keypool",
    "RateBudget": "._keypool",
    # many replicas (redis extra)
    "RedisConnection": "._redis",
    "RedisKeyStateBackend": "._redis",
    "RedisRateBudget": "._redis",
    "RedisModerationCache": "._redis",
    "KeyPoolAuth": "._auth",
    "FINGERPRINT_EXTENSION": "._auth",
    "default_retry_config": "._clients",
    "mistral_client": "._clients",
    "httpx_clients": "._clients",
    "resolve_base_url": "._clients",
    "KeySource": "._key_sources",
    "EnvKeySource": "._key_sources",
    "FileKeySource": "._key_sources",
    "CachedKeySource": "._key_sources",
    "GcpSecretManagerSource": "._key_sources",
    "AwsSecretsManagerSource": "._key_sources",
    "VaultKeySource": "._key_sources",
    # audit
    "AuditRecord": "._audit",
    "JsonFormatter": "._audit",
    "emit_audit_record": "._audit",
    "enable_otel": "._audit",
    "disable_otel": "._audit",
    "AUDIT_LOGGER_NAME": "._audit",
    "SecretScrubbingFilter": "._logfilter",
    "install_secret_filter": "._logfilter",
    "uninstall_secret_filter": "._logfilter",
    # policy
    "Policy": "._policy",
    "Guard": "._guard",
    "InputCheck": "._guard",
    "OutputCheck": "._guard",
    "MessagesCheck": "._guard",
    "GuardedStream": "._guard",
    "ScreenedDocument": "._documents",
    "ScreenAction": "._documents",
    "RedactionMode": "._documents",
    "Conversation": "._conversation",
    "current_conversation": "._conversation",
}

__all__ = [
    "AUDIT_LOGGER_NAME",
    "DEFAULT_MODERATION_MODEL",
    "FINGERPRINT_EXTENSION",
    "SECRET_ENTITIES",
    "ApiKey",
    "AuditRecord",
    "AwsSecretsManagerSource",
    "BuiltinNER",
    "CachedKeySource",
    "ConfigurationError",
    "ContentFlagged",
    "Conversation",
    "Entity",
    "EnvKeySource",
    "FileKeySource",
    "GcpSecretManagerSource",
    "Guard",
    "GuardBlocked",
    "GuardedStream",
    "InProcessKeyStateBackend",
    "InjectionDetected",
    "InjectionFinding",
    "InjectionRule",
    "InjectionVerdict",
    "InputCheck",
    "InputTooLong",
    "JsonFormatter",
    "KeyPool",
    "KeyPoolAuth",
    "KeySource",
    "KeySourceError",
    "KeyStateBackend",
    "LRUModerationCache",
    "MessagesCheck",
    "MistralSecureError",
    "ModerationCache",
    "ModerationItem",
    "ModerationResult",
    "ModerationUnavailable",
    "Moderator",
    "NamedEntityRecognizer",
    "NoUsableKey",
    "OutputBlocked",
    "OutputCheck",
    "OutputFinding",
    "OutputSanitizer",
    "Policy",
    "PresidioNER",
    "RateBudget",
    "RateLimited",
    "Recognizer",
    "Redaction",
    "RedactionMode",
    "RedisConnection",
    "RedisKeyStateBackend",
    "RedisModerationCache",
    "RedisRateBudget",
    "SanitizedOutput",
    "ScreenAction",
    "ScreenedDocument",
    "SecretScrubbingFilter",
    "SpacyNER",
    "StreamSanitizer",
    "VaultKeySource",
    "WrappedText",
    "__version__",
    "amoderate",
    "asanitize_stream",
    "current_conversation",
    "default_retry_config",
    "detect_injection",
    "disable_otel",
    "emit_audit_record",
    "enable_otel",
    "find_entities",
    "fingerprint",
    "httpx_clients",
    "install_secret_filter",
    "make_canary",
    "mistral_client",
    "moderate",
    "neutralize_injection",
    "redact",
    "resolve_base_url",
    "sanitize_output",
    "sanitize_stream",
    "uninstall_secret_filter",
    "wrap_untrusted",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'mistral_secure' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

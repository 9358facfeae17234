"""Where API keys come from: environment, files, and secret stores.

Every source implements the small :class:`KeySource` protocol. ``load()`` returns the keys
(several are allowed, for rotation) or raises :class:`KeySourceError` naming where it looked.
No error message, log line or repr ever contains a key value.

The secret-store clients (google-cloud-secret-manager, boto3, hvac) are optional extras and
are imported only when a source first needs a client. Each source also accepts a ready
``client`` object, for custom credentials or regions.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ._exceptions import KeySourceError
from ._validate import require_nonempty_str, require_seconds

__all__ = [
    "AwsSecretsManagerSource",
    "CachedKeySource",
    "EnvKeySource",
    "FileKeySource",
    "GcpSecretManagerSource",
    "KeySource",
    "VaultKeySource",
]

_log = logging.getLogger("mistral_secure.keys")


@runtime_checkable
class KeySource(Protocol):
    """Something that can load one or more API keys."""

    def describe(self) -> str:
        """Where the source looks, e.g. ``"env MISTRAL_API_KEY, MISTRAL_API_KEY_1..N"``."""
        ...

    def load(self) -> list[str]:
        """Return the keys, in order; raise :class:`KeySourceError` if there is none."""
        ...


def parse_keys(text: str) -> list[str]:
    """Split secret text into keys: one per line or comma-separated; ``#`` lines are comments."""
    keys: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        keys.extend(part.strip() for part in stripped.split(",") if part.strip())
    return _dedupe(keys)


def _dedupe(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def _not_found(where: str, why: str = "") -> KeySourceError:
    detail = f" ({why})" if why else ""
    return KeySourceError(f"no Mistral API key found in {where}{detail}")


def _missing_extra(library: str, extra: str) -> ImportError:
    return ImportError(
        f"{library} is not installed; install it with: pip install 'mistral-secure[{extra}]'"
    )


class _SealedKeys:
    """Keys kept by a cache: no ``repr``, no pickling, not plain strings in ``__dict__``."""

    __slots__ = ("_keys",)

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(_Sealed(key) for key in keys)

    def unseal(self) -> list[str]:
        return [key.value for key in self._keys]

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"<{len(self._keys)} sealed key(s)>"

    def __reduce__(self) -> Any:
        raise TypeError("cached keys cannot be pickled: load them from their source")


class _Sealed:
    """One key, XOR-masked with a random pad: an object walk (an error tracker recording
    the pool through a frame's locals) finds no key bytes in it."""

    __slots__ = ("_masked", "_pad")

    def __init__(self, key: str) -> None:
        data = key.encode("utf-8", "surrogatepass")
        self._pad = os.urandom(len(data))
        self._masked = bytes(a ^ b for a, b in zip(data, self._pad, strict=True))

    @property
    def value(self) -> str:
        data = bytes(a ^ b for a, b in zip(self._masked, self._pad, strict=True))
        return data.decode("utf-8", "surrogatepass")

    def __repr__(self) -> str:
        return "<sealed key>"

    def __reduce__(self) -> Any:
        raise TypeError("a sealed key cannot be pickled")


class EnvKeySource:
    """Keys from environment variables.

    ``MISTRAL_API_KEY`` may hold one key or several separated by commas; ``MISTRAL_API_KEY_1``,
    ``MISTRAL_API_KEY_2``, ... add more (in numeric order). ``environ`` defaults to
    ``os.environ`` and is read on every ``load()``.
    """

    def __init__(
        self, var: str = "MISTRAL_API_KEY", *, environ: Mapping[str, str] | None = None
    ) -> None:
        self.var = require_nonempty_str(var, "var")
        self._environ = environ
        self._numbered = re.compile(re.escape(var) + r"_(\d{1,6})")

    def describe(self) -> str:
        return f"env {self.var}, {self.var}_1..N"

    def load(self) -> list[str]:
        environ = os.environ if self._environ is None else self._environ
        keys = parse_keys(environ.get(self.var, ""))
        numbered: list[tuple[int, str]] = []
        for name, value in environ.items():
            match = self._numbered.fullmatch(name)
            if match:
                numbered.append((int(match.group(1)), value))
        for _, value in sorted(numbered):
            keys.extend(parse_keys(value))
        keys = _dedupe(keys)
        if not keys:
            raise _not_found(self.describe())
        return keys

    def __repr__(self) -> str:
        return f"EnvKeySource(var={self.var!r})"


class FileKeySource:
    """Keys from a file, or from every file in a directory (Docker / Kubernetes secret mounts).

    One key per line; blank lines and lines starting with ``#`` are ignored. In a directory,
    hidden entries (Kubernetes' ``..data`` bookkeeping) are skipped and files are read in
    name order.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be str or PathLike, got {type(path).__name__}")
        self.path = Path(path)

    def describe(self) -> str:
        return f"file {self.path}"

    def load(self) -> list[str]:
        try:
            if self.path.is_dir():
                files = sorted(
                    p for p in self.path.iterdir() if not p.name.startswith(".") and p.is_file()
                )
            else:
                files = [self.path]
            keys: list[str] = []
            for file in files:
                keys.extend(parse_keys(file.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise _not_found(self.describe(), "does not exist") from None
        except PermissionError:
            raise _not_found(self.describe(), "permission denied") from None
        except UnicodeDecodeError:
            raise _not_found(self.describe(), "not UTF-8 text") from None
        except OSError as exc:
            raise _not_found(self.describe(), type(exc).__name__) from None
        keys = _dedupe(keys)
        if not keys:
            raise _not_found(self.describe(), "empty")
        return keys

    def __repr__(self) -> str:
        return f"FileKeySource(path={str(self.path)!r})"


class GcpSecretManagerSource:
    """Keys from Google Cloud Secret Manager (extra ``gcp``).

    ``name`` is a version resource name, ``projects/P/secrets/S/versions/latest``. The payload
    holds one key, or several (one per line or comma-separated).
    """

    def __init__(self, name: str, *, client: Any | None = None) -> None:
        self.name = require_nonempty_str(name, "name")
        self._client = client

    def describe(self) -> str:
        return f"GCP Secret Manager {self.name}"

    def _get_client(self) -> Any:
        if self._client is None:
            try:
                from google.cloud import secretmanager
            except ImportError:
                raise _missing_extra("google-cloud-secret-manager", "gcp") from None
            self._client = secretmanager.SecretManagerServiceClient()
        return self._client

    def load(self) -> list[str]:
        client = self._get_client()
        try:
            response = client.access_secret_version(request={"name": self.name})
            data = response.payload.data
        except Exception as exc:
            # The class name only: messages from cloud clients can be long and are not ours.
            raise _not_found(self.describe(), type(exc).__name__) from exc
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
        keys = parse_keys(text)
        if not keys:
            raise _not_found(self.describe(), "empty")
        return keys

    def __repr__(self) -> str:
        return f"GcpSecretManagerSource(name={self.name!r})"


class AwsSecretsManagerSource:
    """Keys from AWS Secrets Manager (extra ``aws``).

    With ``json_key``, the secret string is a JSON object and that field holds the key (or a
    list of keys); otherwise the whole string is the key(s).
    """

    def __init__(
        self,
        secret_id: str,
        *,
        client: Any | None = None,
        json_key: str | None = None,
        region_name: str | None = None,
    ) -> None:
        self.secret_id = require_nonempty_str(secret_id, "secret_id")
        self.json_key = None if json_key is None else require_nonempty_str(json_key, "json_key")
        self.region_name = region_name
        self._client = client

    def describe(self) -> str:
        field = f" field {self.json_key}" if self.json_key else ""
        return f"AWS Secrets Manager {self.secret_id}{field}"

    def _get_client(self) -> Any:
        if self._client is None:
            try:
                import boto3
            except ImportError:
                raise _missing_extra("boto3", "aws") from None
            self._client = boto3.client("secretsmanager", region_name=self.region_name)
        return self._client

    def load(self) -> list[str]:
        client = self._get_client()
        try:
            response = client.get_secret_value(SecretId=self.secret_id)
        except Exception as exc:
            raise _not_found(self.describe(), type(exc).__name__) from exc
        text = response.get("SecretString")
        if not isinstance(text, str):
            raise _not_found(self.describe(), "no SecretString")
        keys = parse_keys(text) if self.json_key is None else self._from_json(text)
        if not keys:
            raise _not_found(self.describe(), "empty")
        return keys

    def _from_json(self, text: str) -> list[str]:
        try:
            document = json.loads(text)
        except ValueError:
            # `from None`: a JSONDecodeError keeps the whole secret document in `.doc`.
            raise _not_found(self.describe(), "secret is not JSON") from None
        value = document.get(self.json_key) if isinstance(document, dict) else None
        if isinstance(value, str):
            return parse_keys(value)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return _dedupe(v.strip() for v in value if v.strip())
        raise _not_found(self.describe(), "field missing or not a string")

    def __repr__(self) -> str:
        return f"AwsSecretsManagerSource(secret_id={self.secret_id!r}, json_key={self.json_key!r})"


class VaultKeySource:
    """Keys from HashiCorp Vault's KV v2 engine (extra ``vault``).

    Without ``client``, ``hvac.Client()`` reads ``VAULT_ADDR`` and ``VAULT_TOKEN`` from the
    environment. ``field`` names the entry holding the key (or comma-separated keys).
    """

    def __init__(
        self,
        path: str,
        *,
        mount_point: str = "secret",
        field: str = "api_key",
        client: Any | None = None,
    ) -> None:
        self.path = require_nonempty_str(path, "path")
        self.mount_point = require_nonempty_str(mount_point, "mount_point")
        self.field = require_nonempty_str(field, "field")
        self._client = client

    def describe(self) -> str:
        return f"Vault {self.mount_point}/{self.path} field {self.field}"

    def _get_client(self) -> Any:
        if self._client is None:
            try:
                import hvac
            except ImportError:
                raise _missing_extra("hvac", "vault") from None
            self._client = hvac.Client()
        return self._client

    def load(self) -> list[str]:
        client = self._get_client()
        try:
            response = client.secrets.kv.v2.read_secret_version(
                path=self.path, mount_point=self.mount_point, raise_on_deleted_version=True
            )
        except Exception as exc:
            raise _not_found(self.describe(), type(exc).__name__) from exc
        try:
            value = response["data"]["data"].get(self.field)
        except (KeyError, TypeError, AttributeError):
            raise _not_found(self.describe(), "unexpected response shape") from None
        if not isinstance(value, str):
            raise _not_found(self.describe(), "field missing or not a string")
        keys = parse_keys(value)
        if not keys:
            raise _not_found(self.describe(), "empty")
        return keys

    def __repr__(self) -> str:
        return (
            f"VaultKeySource(path={self.path!r}, mount_point={self.mount_point!r}, "
            f"field={self.field!r})"
        )


class CachedKeySource:
    """Cache another source's keys for ``refresh_interval`` seconds (thread-safe).

    When a refresh fails after an earlier success, the last keys are kept and a warning is
    logged: a secret store outage should not take down an app whose keys still work. The first
    load's error is raised.
    """

    def __init__(
        self,
        source: KeySource,
        refresh_interval: float = 300.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not isinstance(source, KeySource):
            raise TypeError(f"source must be a KeySource, got {type(source).__name__}")
        self.source = source
        self.refresh_interval = require_seconds(refresh_interval, "refresh_interval")
        self._clock = clock
        self._lock = threading.Lock()
        # Sealed, not plain strings: the source is reachable from every client of the pool.
        self._keys: _SealedKeys | None = None
        self._loaded_at = 0.0

    def describe(self) -> str:
        return self.source.describe()

    def invalidate(self) -> None:
        """Forget the cached keys; the next ``load()`` asks the source again."""
        with self._lock:
            self._keys = None

    def load(self) -> list[str]:
        # One thread reloads while the others wait, so a burst makes one store call.
        with self._lock:
            now = self._clock()
            if self._keys is not None and now - self._loaded_at < self.refresh_interval:
                return self._keys.unseal()
            try:
                keys = self.source.load()
            except KeySourceError:
                if self._keys is None:
                    raise
                _log.warning(
                    "refreshing API keys from %s failed; keeping %d cached key(s)",
                    self.source.describe(),
                    len(self._keys),
                )
                self._loaded_at = now
                return self._keys.unseal()
            self._keys = _SealedKeys(keys)
            self._loaded_at = now
            return list(keys)

    def __repr__(self) -> str:
        return f"CachedKeySource({self.source!r}, refresh_interval={self.refresh_interval})"

"""Key sources: env, files, secret stores (with stand-ins for the third-party clients), cache."""

from __future__ import annotations

import json
import logging
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from mistral_secure import (
    AwsSecretsManagerSource,
    CachedKeySource,
    EnvKeySource,
    FileKeySource,
    GcpSecretManagerSource,
    KeySource,
    KeySourceError,
    VaultKeySource,
)

KEY_A = "sk-alpha-0000000000000001"
KEY_B = "sk-bravo-0000000000000002"
KEY_C = "sk-charlie-000000000000003"


# -- env -------------------------------------------------------------------------------------


def test_env_single_key() -> None:
    assert EnvKeySource(environ={"MISTRAL_API_KEY": f" {KEY_A}\n"}).load() == [KEY_A]


def test_env_comma_separated_and_numbered_keys_in_order() -> None:
    environ = {
        "MISTRAL_API_KEY": f"{KEY_A}, {KEY_B}",
        "MISTRAL_API_KEY_10": "sk-ten-00000000000000010",
        "MISTRAL_API_KEY_2": KEY_C,
        "MISTRAL_API_KEY_1": KEY_B,  # duplicate: kept once
        "MISTRAL_API_KEY_X": "not-a-numbered-var",
        "OTHER_MISTRAL_API_KEY_3": "unrelated",
    }
    assert EnvKeySource(environ=environ).load() == [
        KEY_A,
        KEY_B,
        KEY_C,
        "sk-ten-00000000000000010",
    ]


def test_env_numbered_only_and_custom_var() -> None:
    environ = {"TEAM_KEY_1": KEY_A, "TEAM_KEY_2": KEY_B}
    assert EnvKeySource("TEAM_KEY", environ=environ).load() == [KEY_A, KEY_B]


def test_env_reads_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MS_TEST_KEYS", KEY_C)
    assert EnvKeySource("MS_TEST_KEYS").load() == [KEY_C]


def test_env_missing_names_where_it_looked() -> None:
    with pytest.raises(KeySourceError) as info:
        EnvKeySource(environ={"MISTRAL_API_KEY": " , ", "UNRELATED": KEY_A}).load()
    assert str(info.value) == (
        "no Mistral API key found in env MISTRAL_API_KEY, MISTRAL_API_KEY_1..N"
    )
    assert KEY_A not in str(info.value)


def test_env_bad_arguments() -> None:
    with pytest.raises(TypeError):
        EnvKeySource(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        EnvKeySource("")


# -- files -----------------------------------------------------------------------------------


def test_file_one_key_per_line_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "mistral_api_key"
    path.write_text(f"# production keys\n{KEY_A}\n\n  {KEY_B}  \r\n# old: none\n")
    assert FileKeySource(path).load() == [KEY_A, KEY_B]
    assert FileKeySource(str(path)).load() == [KEY_A, KEY_B]


def test_file_directory_like_a_kubernetes_secret_mount(tmp_path: Path) -> None:
    data = tmp_path / "..2024_01_01_00_00_00.000"
    data.mkdir()
    (data / "key-1").write_text(KEY_A)
    (data / "key-2").write_text(KEY_B + "\n")
    (tmp_path / "..data").symlink_to(data.name)
    (tmp_path / "key-1").symlink_to("..data/key-1")
    (tmp_path / "key-2").symlink_to("..data/key-2")
    assert FileKeySource(tmp_path).load() == [KEY_A, KEY_B]


@pytest.mark.parametrize(
    ("content", "why"),
    [(None, "does not exist"), ("\n# only a comment\n", "empty"), (b"\xff\xfe", "not UTF-8 text")],
)
def test_file_errors_name_the_path_and_never_the_content(
    tmp_path: Path, content: str | bytes | None, why: str
) -> None:
    path = tmp_path / "key"
    if isinstance(content, str):
        path.write_text(content)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(KeySourceError) as info:
        FileKeySource(path).load()
    assert str(info.value) == f"no Mistral API key found in file {path} ({why})"


def test_file_bad_path_type() -> None:
    with pytest.raises(TypeError):
        FileKeySource(None)  # type: ignore[arg-type]


# -- secret stores, with stand-ins for the third-party clients -------------------------------


class _GcpPayload:
    def __init__(self, data: bytes) -> None:
        self.data = data


class _GcpResponse:
    def __init__(self, data: bytes) -> None:
        self.payload = _GcpPayload(data)


class GcpClientStandIn:
    """Answers like ``SecretManagerServiceClient.access_secret_version``."""

    def __init__(self, secrets: dict[str, bytes]) -> None:
        self.secrets = secrets
        self.calls: list[dict[str, Any]] = []

    def access_secret_version(self, request: dict[str, Any]) -> _GcpResponse:
        self.calls.append(request)
        if request["name"] not in self.secrets:
            raise LookupError("404 Secret not found")
        return _GcpResponse(self.secrets[request["name"]])


GCP_NAME = "projects/acme/secrets/mistral-api-key/versions/latest"


def test_gcp_secret_manager() -> None:
    client = GcpClientStandIn({GCP_NAME: f"{KEY_A}\n{KEY_B}\n".encode()})
    source = GcpSecretManagerSource(GCP_NAME, client=client)
    assert source.load() == [KEY_A, KEY_B]
    assert client.calls == [{"name": GCP_NAME}]
    assert isinstance(source, KeySource)


def test_gcp_error_names_the_secret_and_the_error_class() -> None:
    source = GcpSecretManagerSource(GCP_NAME, client=GcpClientStandIn({}))
    with pytest.raises(KeySourceError) as info:
        source.load()
    assert (
        str(info.value)
        == f"no Mistral API key found in GCP Secret Manager {GCP_NAME} (LookupError)"
    )


class AwsClientStandIn:
    """Answers like boto3's ``secretsmanager`` client ``get_secret_value``."""

    def __init__(self, secret_string: str | None) -> None:
        self.secret_string = secret_string

    def get_secret_value(self, SecretId: str) -> dict[str, Any]:
        if self.secret_string is None:
            raise PermissionError("AccessDeniedException")
        return {"Name": SecretId, "SecretString": self.secret_string}


def test_aws_plain_and_json_secrets() -> None:
    assert AwsSecretsManagerSource("prod/mistral", client=AwsClientStandIn(KEY_A)).load() == [KEY_A]
    document = json.dumps({"api_key": KEY_B, "keys": [KEY_A, KEY_C], "other": 1})
    client = AwsClientStandIn(document)
    assert AwsSecretsManagerSource("prod/mistral", client=client, json_key="api_key").load() == [
        KEY_B
    ]
    assert AwsSecretsManagerSource("prod/mistral", client=client, json_key="keys").load() == [
        KEY_A,
        KEY_C,
    ]


def test_aws_errors_never_show_the_secret() -> None:
    bad_json = "{" + KEY_A  # a JSON error would carry the whole document
    with pytest.raises(KeySourceError) as info:
        AwsSecretsManagerSource(
            "prod/mistral", client=AwsClientStandIn(bad_json), json_key="k"
        ).load()
    assert str(info.value) == (
        "no Mistral API key found in AWS Secrets Manager prod/mistral field k (secret is not JSON)"
    )
    assert info.value.__cause__ is None and info.value.__context__ is not None
    assert KEY_A not in repr(info.value.args)
    with pytest.raises(KeySourceError, match=r"field missing"):
        AwsSecretsManagerSource(
            "prod/mistral", client=AwsClientStandIn(json.dumps({"a": 1})), json_key="api_key"
        ).load()
    with pytest.raises(KeySourceError, match=r"\(PermissionError\)$"):
        AwsSecretsManagerSource("prod/mistral", client=AwsClientStandIn(None)).load()


class _KvV2:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.calls: list[dict[str, Any]] = []

    def read_secret_version(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(kwargs)
        return {"data": {"data": self.data, "metadata": {"version": 3}}}


class VaultClientStandIn:
    """Has the ``client.secrets.kv.v2.read_secret_version`` path of ``hvac.Client``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.kv_v2 = _KvV2(data)
        self.secrets = self
        self.kv = self
        self.v2 = self.kv_v2


def test_vault_kv_v2() -> None:
    client = VaultClientStandIn({"api_key": f"{KEY_A},{KEY_B}", "owner": "team"})
    source = VaultKeySource("apps/chat", client=client)
    assert source.load() == [KEY_A, KEY_B]
    assert client.kv_v2.calls == [
        {"path": "apps/chat", "mount_point": "secret", "raise_on_deleted_version": True}
    ]
    with pytest.raises(KeySourceError) as info:
        VaultKeySource("apps/chat", mount_point="kv", field="mistral", client=client).load()
    assert str(info.value) == (
        "no Mistral API key found in Vault kv/apps/chat field mistral "
        "(field missing or not a string)"
    )


@pytest.mark.parametrize(
    ("make", "module", "extra"),
    [
        (lambda: GcpSecretManagerSource(GCP_NAME), "google.cloud.secretmanager", "gcp"),
        (lambda: AwsSecretsManagerSource("prod/mistral"), "boto3", "aws"),
        (lambda: VaultKeySource("apps/chat"), "hvac", "vault"),
    ],
)
def test_missing_library_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, make: Any, module: str, extra: str
) -> None:
    # A None entry in sys.modules makes `import` fail as if the library were not installed.
    monkeypatch.setitem(sys.modules, module, None)
    source = make()
    with pytest.raises(ImportError, match=rf"pip install 'mistral-secure\[{extra}\]'"):
        source.load()


# -- cache -----------------------------------------------------------------------------------


class CountingSource:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.loads = 0
        self.fail = False

    def describe(self) -> str:
        return "counting source"

    def load(self) -> list[str]:
        self.loads += 1
        if self.fail:
            raise KeySourceError("no Mistral API key found in counting source")
        return list(self.keys)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_cached_source_refreshes_after_the_interval() -> None:
    inner, clock = CountingSource([KEY_A]), FakeClock()
    cached = CachedKeySource(inner, refresh_interval=60, clock=clock)
    assert cached.load() == [KEY_A]
    inner.keys = [KEY_B]
    clock.now += 59
    assert cached.load() == [KEY_A]
    assert inner.loads == 1
    clock.now += 1
    assert cached.load() == [KEY_B]
    assert inner.loads == 2
    cached.invalidate()
    assert cached.load() == [KEY_B]
    assert inner.loads == 3
    assert cached.describe() == "counting source"


def test_cached_source_keeps_last_keys_when_the_store_fails(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner, clock = CountingSource([KEY_A]), FakeClock()
    cached = CachedKeySource(inner, refresh_interval=1, clock=clock)
    cached.load()
    inner.fail = True
    clock.now += 5
    with caplog.at_level(logging.WARNING, logger="mistral_secure.keys"):
        assert cached.load() == [KEY_A]
    assert "keeping 1 cached key(s)" in caplog.text
    assert KEY_A not in caplog.text
    with pytest.raises(KeySourceError):
        CachedKeySource(inner, clock=clock).load()


def test_cached_source_loads_once_under_concurrent_use() -> None:
    inner = CountingSource([KEY_A])
    cached = CachedKeySource(inner, refresh_interval=300)
    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda: results.append(cached.load())) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [[KEY_A]] * 16
    assert inner.loads == 1


def test_cached_source_bad_arguments() -> None:
    with pytest.raises(TypeError):
        CachedKeySource(object())  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        CachedKeySource(CountingSource([KEY_A]), refresh_interval=0)


def test_reprs_name_locations_only(tmp_path: Path) -> None:
    assert repr(EnvKeySource()) == "EnvKeySource(var='MISTRAL_API_KEY')"
    source = AwsSecretsManagerSource("prod/mistral", client=AwsClientStandIn(KEY_A))
    source.load()
    assert KEY_A not in repr(source)
    assert "apps/chat" in repr(VaultKeySource("apps/chat"))

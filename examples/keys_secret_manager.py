"""Key pool fed by secret sources: env vars and a mounted secret file, rotated on 401.

Runs offline against the embedded Mistral-compatible server. The cloud secret stores
(GCP, AWS, Vault) are shown in ``cloud_pool()``, which runs only when you configure one:

    MISTRAL_SECRET_STORE=gcp|aws|vault python examples/keys_secret_manager.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mistralai.client.models import UserMessage

from mistral_secure import (
    CachedKeySource,
    EnvKeySource,
    FileKeySource,
    KeyPool,
    KeySource,
    mistral_client,
)
from mistral_secure.testing import MistralTestServer

# Throwaway keys that only the local test server accepts.
ENV_KEY = "demo-env-key-0000000000000001"
FILE_KEYS = ["demo-file-key-000000000000002", "demo-file-key-000000000000003"]


class CombinedSource:
    """Any object with ``describe()`` and ``load()`` is a KeySource: here, several in a row."""

    def __init__(self, *sources: KeySource) -> None:
        self.sources = sources

    def describe(self) -> str:
        return " + ".join(source.describe() for source in self.sources)

    def load(self) -> list[str]:
        return [key for source in self.sources for key in source.load()]


def cloud_pool(store: str) -> KeyPool:
    """The same pool from a cloud secret store (needs the matching extra and credentials)."""
    from mistral_secure import AwsSecretsManagerSource, GcpSecretManagerSource, VaultKeySource

    source: KeySource
    if store == "gcp":  # pip install 'mistral-secure[gcp]'
        source = GcpSecretManagerSource("projects/acme/secrets/mistral-api-key/versions/latest")
    elif store == "aws":  # pip install 'mistral-secure[aws]'
        source = AwsSecretsManagerSource(
            "prod/mistral", json_key="api_key", region_name="eu-west-3"
        )
    elif store == "vault":  # pip install 'mistral-secure[vault]'; reads VAULT_ADDR, VAULT_TOKEN
        source = VaultKeySource("apps/support-bot", mount_point="secret", field="api_key")
    else:
        raise SystemExit(f"unknown MISTRAL_SECRET_STORE {store!r}: use gcp, aws or vault")
    # Cache the store's answer for 5 minutes; on an outage keep the last keys.
    return KeyPool(source=CachedKeySource(source, refresh_interval=300), rotation_interval=3600)


def main() -> None:
    store = os.environ.get("MISTRAL_SECRET_STORE")
    if store:
        pool = cloud_pool(store)
        print(pool)
        return

    with tempfile.TemporaryDirectory() as secrets_dir:
        # A Docker/Kubernetes secret mount: one file per key.
        for index, key in enumerate(FILE_KEYS):
            Path(secrets_dir, f"key-{index}").write_text(key + "\n", encoding="utf-8")
        environ = {"DEMO_MISTRAL_KEY": ENV_KEY}  # stands in for os.environ here

        source = CombinedSource(
            EnvKeySource("DEMO_MISTRAL_KEY", environ=environ), FileKeySource(secrets_dir)
        )
        pool = KeyPool(source=source)
        print("sources:", source.describe().replace(secrets_dir, "<secrets dir>"))
        print(pool)  # counts only; keys never appear in reprs

        with MistralTestServer(keys=[ENV_KEY, *FILE_KEYS]) as server:
            server.revoke_key(ENV_KEY)  # e.g. rotated out in the console
            client = mistral_client(pool, server_url=server.url)
            for question in ("Hello", "Still there?", "Bye"):
                # mistral-secure: ignore[MS304] (a keys example; see the others for guards)
                reply = client.chat.complete(
                    model="mistral-small-latest",
                    messages=[UserMessage(content=question)],
                )
                message = reply.choices[0].message
                print("answer:", message.content if message else None)

            # The server logs fingerprints, never keys: the revoked key was tried once, got 401,
            # and the request went through with the next key.
            for request in server.requests:
                print(f"  {request.path}  key {request.key_fingerprint}  -> {request.status}")
            assert [r.status for r in server.requests].count(401) == 1
        print("pool status:", pool.status())  # {'active': 2, 'cooling': 0, 'quarantined': 1}


if __name__ == "__main__":
    main()

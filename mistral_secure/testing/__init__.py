"""A local Mistral-compatible HTTP server for tests.

```python
from mistral_secure.testing import MistralTestServer

with MistralTestServer(keys=["key-a"]) as server:
    client = Mistral(api_key="key-a", server_url=server.url)
```

It serves chat completions (JSON and SSE), moderations, chat moderations, embeddings and
the model list; enforces bearer keys; injects faults on demand; records every request with
the key's fingerprint, never the key. Pytest users get the ``mistral_server`` fixture.
"""

from __future__ import annotations

from ._moderation_scoring import (
    CATEGORIES_2411,
    CATEGORIES_2603,
    FLAG_THRESHOLD,
    HIT_SCORE,
    MISS_SCORE,
    MODERATION_KEYWORDS,
    MODERATION_MODELS,
)
from ._server import DEFAULT_TEST_KEYS, MistralTestServer, RecordedRequest, Reply, serve_forever

__all__ = [
    "CATEGORIES_2411",
    "CATEGORIES_2603",
    "DEFAULT_TEST_KEYS",
    "FLAG_THRESHOLD",
    "HIT_SCORE",
    "MISS_SCORE",
    "MODERATION_KEYWORDS",
    "MODERATION_MODELS",
    "MistralTestServer",
    "RecordedRequest",
    "Reply",
    "serve_forever",
]

"""Which conversation a LangChain run belongs to: its ``session_id`` or ``thread_id``.

``RunnableWithMessageHistory`` puts ``session_id`` in ``config["configurable"]``, LangGraph
puts ``thread_id`` there; either keys one :class:`~mistral_secure.Conversation` of the guard,
so a value keeps its placeholder on every turn and the history the app stores (with real
values) is redacted again the same way each time it leaves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langchain_core.runnables.config import var_child_runnable_config

from mistral_secure import Conversation, Guard

__all__ = ["CONVERSATION_KEYS", "conversation_for"]

#: ``configurable`` keys that name a conversation, in order of preference.
CONVERSATION_KEYS = ("session_id", "thread_id", "conversation_id")


def conversation_for(guard: Guard, config: RunnableConfig | None = None) -> Conversation | None:
    """The guard's conversation for this run's ``session_id``/``thread_id``, or ``None``.

    ``config`` defaults to the config of the run in progress, so a tool can call
    ``conversation_for(guard)`` (or take ``config: RunnableConfig`` as an argument) and read
    its run's values: ``conversation_for(guard, config).restore(text)``.
    """
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    if config is None:
        config = var_child_runnable_config.get()
    if config is None:
        return None
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a RunnableConfig (dict), got {type(config).__name__}")
    configurable: Any = config.get("configurable") or {}
    for key in CONVERSATION_KEYS:
        value = configurable.get(key)
        if isinstance(value, str) and value:
            return guard.conversation(f"{key}:{value}")
        if isinstance(value, int) and not isinstance(value, bool):
            return guard.conversation(f"{key}:{value}")
    return None

"""Index text (embeddings, queries) built outside the conversation that found a value."""

from __future__ import annotations

from mistral_secure import Guard, Policy

from .conftest import OTP

PASSWORD = "Tr0ub4dor&3"


def no_moderation(**conversation: int) -> Guard:
    policy = {"moderation": {"enabled": False}, "conversation": conversation}
    return Guard(Policy.model_validate(policy))


def test_a_value_found_by_its_context_is_hashed_in_any_index_text() -> None:
    guard = no_moderation()
    assert guard.redact_for_index([f"Noted {OTP}."]) == [f"Noted {OTP}."]  # nothing seen yet
    guard.conversation("alice").check_input(
        f"My one-time code is {OTP} and my password is {PASSWORD}"
    )
    with guard.conversation("alice").activate():
        inside = guard.redact_for_index([f"Noted {OTP}."])[0]
    # Outside the conversation, and in another's text: the same one-way placeholder.
    outside = guard.redact_for_index([f"Noted {OTP}.", f"Use {PASSWORD}, then {OTP}!"])
    with guard.conversation("bob").activate():
        other = guard.redact_for_index([f"Noted {OTP}."])[0]
    assert inside == outside[0] == other
    assert OTP not in inside and inside.startswith("Noted <") and inside.endswith(">.")
    assert OTP not in outside[1] and PASSWORD not in outside[1]
    # Whole tokens only: a longer number holding the code is another number.
    assert guard.redact_for_index([f"Order 1{OTP}"]) == [f"Order 1{OTP}"]


def test_the_set_is_bounded_and_keeps_the_newest() -> None:
    guard = no_moderation(max_values=2)
    codes = ["482913", "573014", "691827"]
    for code in codes:
        guard.conversation(code).check_input(f"My one-time code is {code}")
    shown = guard.redact_for_index(codes)
    assert shown[0] == "482913"  # the oldest was dropped
    assert all(code not in text for code, text in zip(codes[1:], shown[1:], strict=True))
    assert all(code not in repr(guard._context_values) for code in codes)

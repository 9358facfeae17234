"""Redaction reads text as a person does: fullwidth digits, invisible characters, odd
spaces and separators, keys split across lines, the pool's own keys; and it keeps nothing
of what it redacted, nor fails on lone surrogates."""

from __future__ import annotations

import gc
import random
import sys
import types
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mistral_secure
from mistral_secure import KeyPool, Recognizer, find_entities, redact
from mistral_secure._value_normalize import _table, normalize_values, value_form

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import GENERATORS

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ZW = "\u200b"


def _found(text: str, value: str, entity: str) -> None:
    """``value`` (as written in ``text``) is redacted whole as ``entity`` and restores."""
    r = redact(text)
    spans = [(e.type, text[e.start : e.end]) for e in r.entities]
    assert (entity, value) in spans, spans
    assert r.restore(r.text) == text


@pytest.mark.parametrize(
    ("value", "entity"),
    [
        ("４１１１ １１１１ １１１１ １１１１", "CREDIT_CARD"),
        ("4111\u200b1111\u200b1111\u200b1111", "CREDIT_CARD"),
        ("4111\u20601111\u20601111\u20601111", "CREDIT_CARD"),  # word joiner
        ("4111\u00ad1111\u00ad1111\u00ad1111", "CREDIT_CARD"),  # soft hyphen
        ("4111\u00a01111\u00a01111\u00a01111", "CREDIT_CARD"),
        ("4111\u20091111\u20091111\u20091111", "CREDIT_CARD"),  # thin space
        ("4111\u202f1111\u202f1111\u202f1111", "CREDIT_CARD"),  # narrow no-break space
        ("4111\u30001111\u30001111\u30001111", "CREDIT_CARD"),  # ideographic space
        ("4111.1111.1111.1111", "CREDIT_CARD"),
        ("4111·1111·1111·1111", "CREDIT_CARD"),
        ("4111\u20111111\u20111111\u20111111", "CREDIT_CARD"),  # non-breaking hyphen
        ("𝟒𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏 𝟏𝟏𝟏𝟏", "CREDIT_CARD"),  # mathematical bold digits
        ("٤١١١ ١١١١ ١١١١ ١١١١", "CREDIT_CARD"),  # Arabic-Indic digits
        ("۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱", "CREDIT_CARD"),  # Persian digits
        ("४१११ ११११ ११११ ११११", "CREDIT_CARD"),  # Devanagari
        ("FR٧٦ ٣٠٠٠ ٦٠٠٠ ٠١١٢ ٣٤٥٦ ٧٨٩٠ ١٨٩", "IBAN_CODE"),
        ("+٣٣ ٦ ١٢ ٣٤ ٥٦ ٧٨", "PHONE_NUMBER"),
        ("4\u0301111 1111 1111 1111", "CREDIT_CARD"),  # a combining accent on a digit
        ("FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189", "IBAN_CODE"),
        ("FR76\u20093000\u20096000\u20090112\u20093456\u20097890\u2009189", "IBAN_CODE"),
        ("FR76.3000.6000.0112.3456.7890.189", "IBAN_CODE"),
        ("DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00", "IBAN_CODE"),
        ("ＦＲ７６３０００６００００１１２３４５６７８９０１８９", "IBAN_CODE"),
        ("jean\u200b.dupont@exa\u200dmple.com", "EMAIL_ADDRESS"),
        ("jean.dupont＠example．com", "EMAIL_ADDRESS"),
        ("+33\u00a06\u00a012\u00a034\u00a056\u00a078", "PHONE_NUMBER"),
        ("+33\u202f6\u202f12\u202f34\u202f56\u202f78", "PHONE_NUMBER"),
        ("５３６-２２-１２３４", "US_SSN"),
        ("192.168.１.２０", "IP_ADDRESS"),
        ("1\u200b77\u200b09\u200b17\u200b379\u200b938\u200b44", "FR_NIR"),
        ("sk-proj-abcDEF123456\u200bghiJKL789012mnoPQR", "API_KEY"),
        ("ｓｋ－ｐｒｏｊ－ａｂｃＤＥＦ１２３４５６ｇｈｉＪＫＬ７８９０１２", "API_KEY"),
    ],
)
def test_values_hidden_by_unicode_are_found_where_they_were_written(
    value: str, entity: str
) -> None:
    _found(f"Here it is: {value} — thanks", value, entity)
    _found(f"{value}", value, entity)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Wrapped by a mail client, a terminal or an editor.
        (
            "MISTRAL_API_KEY=aB3dE5gH7jK9mN1p\nQ3sT5vX7yZ9bC2dF",
            "aB3dE5gH7jK9mN1p\nQ3sT5vX7yZ9bC2dF",
        ),
        (
            "MISTRAL_API_KEY=aB3dE5gH7jK9mN1p\r\nQ3sT5vX7yZ9bC2dF",
            "aB3dE5gH7jK9mN1p\r\nQ3sT5vX7yZ9bC2dF",
        ),
        # Indented continuation in YAML, quoted with "> " in a reply.
        (
            "mistral:\n  api_key: aB3dE5gH7jK9mN1p\n    Q3sT5vX7yZ9bC2dF\n",
            "aB3dE5gH7jK9mN1p\n    Q3sT5vX7yZ9bC2dF",
        ),
        (
            "> my mistral key is aB3dE5gH7jK9mN\n> 1pQ3sT5vX7yZ9bC2dF",
            "aB3dE5gH7jK9mN\n> 1pQ3sT5vX7yZ9bC2dF",
        ),
        # Shell continuation and string concatenation.
        (
            "export MISTRAL_API_KEY=aB3dE5gH7jK9mN1pQ3sT\\\n5vX7yZ9bC2dF",
            "aB3dE5gH7jK9mN1pQ3sT\\\n5vX7yZ9bC2dF",
        ),
        (
            'mistral_key = "aB3dE5gH7jK9mN1pQ3sT" +\n    "5vX7yZ9bC2dF"',
            'aB3dE5gH7jK9mN1pQ3sT" +\n    "5vX7yZ9bC2dF',
        ),
        # A prefixed key whose first line alone already looks like a whole key.
        (
            "token sk-abcdefghij1234567890AB\nCDEFghij5678klmn ok",
            "sk-abcdefghij1234567890AB\nCDEFghij5678klmn",
        ),
        (
            "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIi\n"
            "OiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIi\n"
            "OiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ),
    ],
)
def test_keys_split_across_lines_are_redacted_whole(text: str, value: str) -> None:
    r = redact(text)
    assert [text[e.start : e.end] for e in r.entities] == [value]
    assert r.entities[0].type in ("API_KEY", "JWT")
    assert r.restore(r.text) == text
    for raw in value.replace("\\", "\n").replace('"', "\n").split("\n"):
        piece = raw.strip(" >+")
        if len(piece) >= 4:
            assert piece not in r.text


@pytest.mark.parametrize(
    "text",
    [
        "token = TokenClassification\nOutputElement",
        "token: TokenClassificationOutput\nElementTypeAdapter",
        "api_key = get_config_value_from\nenvironment_variables_now",
        "The secret is in the configuration\nSection of the manual, 2024 edition",
        "password: TokenClassification\u200bOutputElement",
        "token ＴｏｋｅｎＣｌａｓｓｉｆｉｃａｔｉｏｎＯｕｔｐｕｔＥｌｅｍｅｎｔ",
        # Versions, dates and order numbers with dots stay.
        "release 2024.1001.5000.1235 and 4111.1111.1111.1112 (fail Luhn)",
        "1.2.3.4.5 and 06.12.2024 and 12.345.678.901",
    ],
)
def test_identifiers_and_lookalikes_are_not_secrets_or_pii(text: str) -> None:
    assert find_entities(text) == ()


def test_a_jwt_at_the_end_of_a_line_does_not_swallow_the_next_pem_block() -> None:
    jwt = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    )
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"
    text = f"token {jwt}\n{pem}\nafter"
    assert [(e.type, text[e.start : e.end]) for e in find_entities(text)] == [
        ("JWT", jwt),
        ("PRIVATE_KEY", pem),
    ]


# -- properties ------------------------------------------------------------------------------

_SEPARATORS = ["\u00a0", "\u2009", "\u202f", "\u2007"]
_INVISIBLES = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def _disguise(value: str, rng: random.Random) -> str:
    """Write ``value`` the way a user, a word processor or an attacker might."""
    out = []
    for ch in value:
        if ch.isdigit() and rng.random() < 0.5:
            out.append(ch.translate(FULLWIDTH))
        elif ch == " ":
            out.append(rng.choice(_SEPARATORS))
        else:
            out.append(ch)
        if rng.random() < 0.3:
            out.append(rng.choice(_INVISIBLES))
    return "".join(out)


_KINDS = sorted(set(GENERATORS) - {"JWT"})  # base64 has no digits worth disguising


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_KINDS), st.integers(0, 2**32), st.sampled_from(["", "Note: ", "x\n"]))
def test_disguised_values_are_still_redacted_and_restored(kind: str, seed: int, lead: str) -> None:
    rng = random.Random(seed)
    plain = GENERATORS[kind](rng)
    disguised = _disguise(plain, rng)
    text = f"{lead}value {disguised} end"
    plain_found = [e.type for e in find_entities(f"{lead}value {plain} end")]
    r = redact(text)
    assert r.restore(r.text) == text
    # Whatever the plain value is found as, the disguised one is found as too, whole.
    assert [e.type for e in r.entities] == plain_found
    if plain_found:
        (entity,) = r.entities
        invisible = "".join(_INVISIBLES)
        assert text[entity.start : entity.end] == disguised.strip().rstrip(invisible)


_any_text = st.text(
    alphabet=st.characters(codec=None, categories=None),  # surrogates included
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(_any_text, st.sampled_from(["replace", "hash", "mask"]))
def test_any_text_with_surrogates_redacts_without_error(text: str, mode: str) -> None:
    tail = f"{text} 4111 1111 1111 1111 \ud800 jean@example.com {text}"
    r = redact(tail, mode=mode)  # type: ignore[arg-type]
    assert "4111 1111 1111 1111" not in r.text
    if mode != "mask" and "<" not in text:
        assert r.restore(r.text) == tail
    offsets = [(e.start, e.end) for e in r.entities]
    assert offsets == sorted(offsets)


def test_lone_surrogates_never_raise_and_never_echo_the_input() -> None:
    text = "mail bob@example.com \udcff card 4111 1111 1111 1111 \ud83d end"
    custom = Recognizer("TICKET", pattern=r"T-\d{4}")
    r = redact(text + " T-1234", recognizers=[custom], mode="hash")
    assert r.counts == {"EMAIL_ADDRESS": 1, "CREDIT_CARD": 1, "TICKET": 1}
    assert r.restore(r.text) == text + " T-1234"
    assert [e.type for e in find_entities(text, recognizers=[custom])] == [
        "EMAIL_ADDRESS",
        "CREDIT_CARD",
    ]
    deny = Recognizer("NAME", deny=["Zoë"])
    assert redact("zoë \ud800 Zoë", recognizers=[deny]).text == "<NAME_1> \ud800 <NAME_2>"


# -- the pool's own keys ---------------------------------------------------------------------

# No context word and no provider shape: only the pool knows it is a key.
LIVE_KEY = "livepoolkeyzzqwertyuiopasdfghjkl"


def test_the_live_keys_of_a_pool_are_always_redacted() -> None:
    text = f"The value {LIVE_KEY} appears here, then {LIVE_KEY}."
    assert find_entities(text) == ()
    pool = KeyPool([LIVE_KEY])
    r = redact(text)
    assert r.text == "The value <API_KEY_1> appears here, then <API_KEY_1>."
    assert r.entities[0].provider == "mistral"
    # Whatever the entity list and the allow-list say, and however it is disguised.
    assert LIVE_KEY not in redact(text, entities={"EMAIL_ADDRESS"}, allow={LIVE_KEY}).text
    disguised = f"k: {LIVE_KEY[:10]}\u200b{LIVE_KEY[10:]}"
    assert redact(disguised).text == "k: <API_KEY_1>"
    split = f"key {LIVE_KEY[:16]}\n{LIVE_KEY[16:]} ok"
    assert redact(split).text == "key <API_KEY_1> ok"
    assert redact(LIVE_KEY.upper()).text == LIVE_KEY.upper()  # keys are case-sensitive
    del pool
    gc.collect()
    assert find_entities(text) == ()  # a dropped pool's keys are no longer special


# -- nothing kept after the call -------------------------------------------------------------


def _reachable_strings(roots: list[object]) -> set[str | bytes]:
    """Every str and bytes reachable from ``roots`` through containers, functions and
    classes, without going into other modules."""
    seen: set[int] = set()
    found: set[str | bytes] = set()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, (str, bytes)):
            found.add(obj)
            continue
        if isinstance(obj, types.ModuleType):
            continue
        stack.extend(gc.get_referents(obj))
    return found


def test_process_wide_caches_keep_no_redacted_value() -> None:
    rng = random.Random(1234)
    values = [GENERATORS[kind](rng) for kind in ("EMAIL_ADDRESS", "CREDIT_CARD", "JWT")]
    card = values[1].replace(" ", "").replace("-", "")
    grouped = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    text = f"mail {values[0]} card {grouped} 2024 token {values[2]} and {values[0]}"
    r = redact(text)
    assert r.counts == {"EMAIL_ADDRESS": 2, "CREDIT_CARD": 1, "JWT": 1}
    del r, text
    gc.collect()
    modules = [
        m
        for name, m in sys.modules.items()
        if name.startswith("mistral_secure") and isinstance(m, types.ModuleType)
    ]
    reachable = _reachable_strings([vars(m) for m in modules])
    for value in (values[0], card, grouped, values[2], values[2].split(".")[0]):
        hits = [s for s in reachable if (value in s if isinstance(s, str) else value.encode() in s)]
        assert hits == [], value[:4]


# -- the normalisation itself, against Unicode -----------------------------------------------


def test_the_character_table_matches_unicode_everywhere() -> None:
    """Every character whose NFKC form is one printable ASCII character, every space and
    invisible character is in the table, whichever block it sits in."""
    table, _ = _table()
    missing = []
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        form = value_form(ch)
        if (form is None) != (code not in table) or (form is not None and table[code] != form):
            missing.append(f"U+{code:04X}")
    assert missing == []
    # And the forms are what NFKC (or the space and invisible rules) say.
    assert value_form("４") == "4" == unicodedata.normalize("NFKC", "４")
    assert value_form("\u00a0") == value_form("\u3000") == " "
    assert value_form("\u200b") == value_form("\u00ad") == ""
    assert value_form("é") is None and value_form("Ж") is None  # letters stay letters
    assert value_form("٤") == value_form("४") == value_form("๔") == "4"  # digits of any script


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalised_text_maps_back_to_the_original(text: str) -> None:
    norm, offsets = normalize_values(text)
    if offsets is None:
        assert len(norm) == len(text)
        return
    assert len(offsets) == len(norm) + 1 and offsets[-1] == len(text)
    assert offsets == sorted(offsets)
    for i, ch in enumerate(norm):
        source = text[offsets[i]]
        assert ch == source or value_form(source) == ch


def test_case_is_kept() -> None:
    assert normalize_values("ＡｂＣ\u200bd")[0] == "AbCd"


def test_public_names() -> None:
    assert mistral_secure.redact is redact


def test_a_quoted_key_ending_a_line_of_code_does_not_run_into_the_next_line() -> None:
    key = "ghp_FAKEx7Qm2Rv9Lk4Tz8Wp3Ns6Yb1Hc5JdGHij"
    text = f'GITHUB_TOKEN = "{key}"\nrequests.get(url)'
    assert [text[e.start : e.end] for e in find_entities(text)] == [key]

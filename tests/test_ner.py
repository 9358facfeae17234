"""Named entities: the built-in rules, real spaCy pipelines built in the test, Presidio,
and the same behaviour as other PII (placeholders, restore, Guard, Policy)."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest
import spacy
from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from spacy.language import Language
from spacy.training import Example

import mistral_secure
from mistral_secure import (
    BuiltinNER,
    ConfigurationError,
    Guard,
    NamedEntityRecognizer,
    Policy,
    PresidioNER,
    SpacyNER,
    find_entities,
    redact,
)

NO_MODERATION = {"moderation": {"enabled": False}}


def _types(text: str, ner: object) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in find_entities(text, ner=ner)]


# -- the built-in backend --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour, je m'appelle Jean Dupont.", [("PERSON", "Jean Dupont")]),
        ("Hallo, ich heiße Jonas Weber und brauche Hilfe.", [("PERSON", "Jonas Weber")]),
        ("Hola, me llamo Lucía Fernández.", [("PERSON", "Lucía Fernández")]),
        ("Buongiorno, mi chiamo Giulia Rossi.", [("PERSON", "Giulia Rossi")]),
        ("my name is john smith and I need help", [("PERSON", "john smith")]),
        ("Please ask M. Lefèvre to call back.", [("PERSON", "Lefèvre")]),
        ("Merci de transmettre à Mme Aubert.", [("PERSON", "Aubert")]),
        ("Bitte rufen Sie Frau Schneider an.", [("PERSON", "Schneider")]),
        ("Le escribe la Sra. Ortega sobre su pedido.", [("PERSON", "Ortega")]),
        ("Il Dott. Bianchi ha confermato.", [("PERSON", "Bianchi")]),
        ("Dear Dr. Okonkwo-Ade, thank you.", [("PERSON", "Okonkwo-Ade")]),
        ("Best regards,\nIngrid Halvorsen\nHead of Support", [("PERSON", "Ingrid Halvorsen")]),
        ("Cordialement,\n\nMarie-Claire LEFÈVRE", [("PERSON", "Marie-Claire LEFÈVRE")]),
        ("Mit freundlichen Grüßen\nKlaus Bergmann", [("PERSON", "Klaus Bergmann")]),
        ("Name: Aurelio Bianchi\nCity: Turin", [("PERSON", "Aurelio Bianchi")]),
        ("Thanks, Priyanka", [("PERSON", "Priyanka")]),
        (
            "I met Pierre Lambert; Lambert agreed.",
            [("PERSON", "Pierre Lambert"), ("PERSON", "Lambert")],
        ),
        (
            "Livraison au 12 rue de la Paix, 75002 Paris svp.",
            [("ADDRESS", "12 rue de la Paix, 75002 Paris")],
        ),
        (
            "Lieferadresse: Berliner Straße 12a, 80331 München.",
            [("ADDRESS", "Berliner Straße 12a, 80331 München")],
        ),
        ("Vivo en Calle Mayor 5, 28013 Madrid.", [("ADDRESS", "Calle Mayor 5, 28013 Madrid")]),
        (
            "Abito in Via Giuseppe Garibaldi 21, 10122 Torino (TO).",
            [("ADDRESS", "Via Giuseppe Garibaldi 21, 10122 Torino (TO)")],
        ),
        (
            "Send it to 221B Baker Street, London NW1 6XE please.",
            [("ADDRESS", "221B Baker Street, London NW1 6XE")],
        ),
        (
            "Ship to 350 Fifth Avenue, New York, NY 10118.",
            [("ADDRESS", "350 Fifth Avenue, New York, NY 10118")],
        ),
    ],
)
def test_builtin_finds_names_by_context_and_addresses_by_shape(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _types(text, "builtin") == expected
    r = redact(text, ner="builtin")
    assert r.restore(r.text) == text
    for _, value in expected:
        assert value not in r.text


@pytest.mark.parametrize(
    "text",
    [
        "Hi team, the Customer Service desk is closed on Monday.",
        "Dear Sir or Madam, please find the invoice attached.",
        "The meeting moved to Friday; Paris and Berlin offices join.",
        "I am happy with the product. This is great.",
        "We use Google Cloud and Microsoft Teams at work.",
        "Bitte senden Sie mir die Unterlagen für Ihre Bestellung.",
        "My name is not on the invoice.",
        "Version 3 of the app is out; step 12 of the guide fails.",
        "Il prezzo è di 12 euro per la Via Lattea edition.",
    ],
)
def test_builtin_leaves_ordinary_capitalised_words_alone(text: str) -> None:
    assert find_entities(text, ner="builtin") == ()


def test_builtin_options_and_bad_arguments() -> None:
    text = "Contact Siobhan Nakamura at 12 rue de la Paix, 75002 Paris."
    assert _types(text, BuiltinNER(entities={"ADDRESS"})) == [
        ("ADDRESS", "12 rue de la Paix, 75002 Paris")
    ]
    assert _types(text, BuiltinNER(given_names=["Siobhan"], entities={"PERSON"})) == [
        ("PERSON", "Siobhan Nakamura")
    ]
    with pytest.raises(ValueError, match="PERSON, ADDRESS and LOCATION"):
        BuiltinNER(entities={"ORGANIZATION"})
    with pytest.raises(TypeError):
        BuiltinNER(entities="PERSON")
    with pytest.raises(ValueError, match="capitalised"):
        BuiltinNER(given_names=["siobhan"])
    assert repr(BuiltinNER()) == "BuiltinNER(entities=['ADDRESS', 'LOCATION', 'PERSON'])"


def test_without_ner_names_are_untouched_and_ner_types_need_a_backend() -> None:
    text = "Bonjour, je m'appelle Jean Dupont."
    assert redact(text).text == text
    with pytest.raises(ValueError, match="need a named-entity recognizer"):
        redact(text, entities={"PERSON"})
    with pytest.raises(ValueError, match="builtin"):
        redact(text, ner="spacy")
    with pytest.raises(TypeError, match="NamedEntityRecognizer"):
        redact(text, ner=42)


def test_names_take_placeholders_restore_and_mix_with_other_pii() -> None:
    text = (
        "Hello, my name is Carla Mendes, email carla.mendes@example.com. "
        "Please ship to 12 rue de la Paix, 75002 Paris. Carla Mendes"
    )
    r = redact(text, ner="builtin")
    assert r.text == (
        "Hello, my name is <PERSON_1>, email <EMAIL_ADDRESS_1>. "
        "Please ship to <ADDRESS_1>. <PERSON_1>"
    )
    answer = "Thanks <PERSON_1>, we ship to <ADDRESS_1> and write to <EMAIL_ADDRESS_1>."
    assert r.restore(answer) == (
        "Thanks Carla Mendes, we ship to 12 rue de la Paix, 75002 Paris and write to "
        "carla.mendes@example.com."
    )
    assert redact(text, ner="builtin", entities={"PERSON"}).text.count("<PERSON_1>") == 2
    masked = redact(text, ner="builtin", mode="mask").text
    assert "Carla" not in masked and "rue de la Paix" not in masked


def test_names_hidden_by_invisible_characters_are_still_found() -> None:
    text = "je m'appelle Jean\u200b Du\u200bpont"
    r = redact(text, ner="builtin")
    assert r.text == "je m'appelle <PERSON_1>"
    assert r.restore(r.text) == text


# -- a user's own backend --------------------------------------------------------------------


class Gazetteer:
    """A tiny user-written backend: exact names from a list."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = names
        self.calls: list[int] = []

    @property
    def entities(self) -> frozenset[str]:
        return frozenset({"PERSON"})

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        self.calls.append(len(texts))
        out = []
        for text in texts:
            spans = []
            for name in self.names:
                pos = text.find(name)
                if pos >= 0:
                    spans.append(("PERSON", pos, pos + len(name)))
            out.append(spans)
        return out


def test_any_object_with_the_protocol_is_a_backend() -> None:
    backend = Gazetteer(["Zaphod"])
    assert isinstance(backend, NamedEntityRecognizer)
    assert redact("ask Zaphod", ner=backend).text == "ask <PERSON_1>"


def test_a_broken_backend_gets_a_clear_error() -> None:
    class Broken(Gazetteer):
        def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
            return [[("PERSON", "a", "b")]]  # type: ignore[list-item]

    with pytest.raises(TypeError, match=r"\(str, int, int\)"):
        redact("x", ner=Broken([]))

    class BadName(Gazetteer):
        @property
        def entities(self) -> frozenset[str]:
            return frozenset({"person"})

    with pytest.raises(ValueError, match="UPPER_SNAKE_CASE"):
        redact("x", ner=BadName([]))


# -- spaCy, with pipelines built here --------------------------------------------------------


def _ruler_pipeline() -> Language:
    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [
            {"label": "PER", "pattern": [{"TEXT": "Ingrid"}, {"TEXT": "Halvorsen"}]},
            {"label": "LOC", "pattern": "Oslo"},
            {"label": "ORG", "pattern": "Equinor"},
        ]
    )
    return nlp


def test_spacy_pipeline_with_entity_ruler() -> None:
    nlp = _ruler_pipeline()
    text = "Bonjour, ici Ingrid Halvorsen d'Equinor à Oslo. Halvorsen rappellera."
    r = redact(text, ner=nlp)  # a Language is wrapped for you
    assert r.text == "Bonjour, ici <PERSON_1> d'Equinor à <LOCATION_1>. <PERSON_2> rappellera."
    assert r.restore(r.text) == text
    org = SpacyNER(nlp, entities={"PERSON", "ORGANIZATION"})
    assert _types(text, org)[:2] == [("PERSON", "Ingrid Halvorsen"), ("ORGANIZATION", "Equinor")]
    assert "fr_" in repr(org) and "Ingrid" not in repr(org)


def test_spacy_runs_batched_only_on_pieces_that_may_hold_a_name() -> None:
    seen: list[str] = []
    nlp = _ruler_pipeline()

    @Language.component("record_texts")
    def record(doc: spacy.tokens.Doc) -> spacy.tokens.Doc:
        seen.append(doc.text)
        return doc

    nlp.add_pipe("record_texts", first=True)
    ner = SpacyNER(nlp, max_chars=60)
    texts = [
        "all lower case here, nothing to see\nmerci beaucoup",
        "Ingrid Halvorsen lives in Oslo.\n" + "x " * 100 + "Oslo again",
    ]
    found = ner.recognize(texts)
    assert found[0] == []
    assert [(t, texts[1][s:e]) for t, s, e in found[1]] == [
        ("PERSON", "Ingrid Halvorsen"),
        ("LOCATION", "Oslo"),
        ("LOCATION", "Oslo"),
    ]
    assert "merci beaucoup" not in " ".join(seen)  # no capital: never sent to the model
    assert all(len(piece) <= 60 for piece in seen)


@pytest.fixture(scope="module")
def trained_pipeline() -> Language:
    """A tiny statistical NER trained here on synthetic sentences (no download)."""
    rng = random.Random(5)
    first = ["Amara", "Bruno", "Chiara", "Dmitri", "Elodie", "Farid", "Greta", "Hugo"]
    last = ["Okafor", "Lindqvist", "Moreau", "Esposito", "Kowalski", "Brandt", "Santos"]
    cities = ["Lyon", "Bergen", "Porto", "Graz", "Bari", "Leeds"]
    templates = [
        "Please call {p} tomorrow.",
        "{p} moved to {c} last year.",
        "The parcel for {p} is stuck in {c}.",
        "Can {p} confirm the order?",
        "We met {p} in {c}.",
    ]
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    for label in ("PERSON", "GPE"):
        ner.add_label(label)  # type: ignore[attr-defined]
    examples = []
    for _ in range(120):
        template = rng.choice(templates)
        person = f"{rng.choice(first)} {rng.choice(last)}"
        city = rng.choice(cities)
        text = template.format(p=person, c=city)
        ents = [(text.index(person), text.index(person) + len(person), "PERSON")]
        if "{c}" in template:
            ents.append((text.index(city), text.index(city) + len(city), "GPE"))
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": ents}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(15):
        rng.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return nlp


def test_spacy_trained_pipeline_through_redact(trained_pipeline: Language) -> None:
    text = "Hello! Please call Greta Lindqvist tomorrow. Greta Lindqvist moved to Porto."
    r = redact(text, ner=SpacyNER(trained_pipeline))
    assert "Lindqvist" not in r.text
    assert "<PERSON_1>" in r.text
    assert r.restore(r.text) == text


def test_spacy_bad_arguments() -> None:
    with pytest.raises(TypeError, match="spaCy Language"):
        SpacyNER(object())
    with pytest.raises(ConfigurationError, match="not installed"):
        SpacyNER("xx_no_such_pipeline_sm")
    with pytest.raises(ValueError, match="at least 1"):
        SpacyNER(_ruler_pipeline(), batch_size=0)
    with pytest.raises(ValueError, match="UPPER_SNAKE_CASE"):
        SpacyNER(_ruler_pipeline(), labels={"PER": "person"})


# -- Presidio --------------------------------------------------------------------------------


def _presidio_recognizers() -> list[PatternRecognizer]:
    return [
        PatternRecognizer(supported_entity="PERSON", deny_list=["Ingrid Halvorsen", "Halvorsen"]),
        PatternRecognizer(
            supported_entity="LOCATION",
            patterns=[Pattern("postcode city", r"\b\d{4} Oslo\b", 0.8)],
        ),
    ]


def test_presidio_recognizers_as_a_backend() -> None:
    text = "Ingrid Halvorsen, Karl Johans gate 1, 0154 Oslo. Ring Halvorsen."
    r = redact(text, ner=PresidioNER(_presidio_recognizers()))
    assert r.text == "<PERSON_1>, Karl Johans gate 1, <LOCATION_1>. Ring <PERSON_2>."
    assert r.restore(r.text) == text


def test_presidio_analyzer_engine_over_a_spacy_pipeline() -> None:
    nlp = _ruler_pipeline()
    engine = SpacyNlpEngine(
        models=[{"lang_code": "fr", "model_name": "built-in-test"}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping={"PER": "PERSON", "LOC": "LOCATION"}
        ),
    )
    engine.nlp = {"fr": nlp}
    registry = RecognizerRegistry(supported_languages=["fr"])
    registry.load_predefined_recognizers(languages=["fr"], nlp_engine=engine)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["fr"])
    text = "Bonjour, ici Ingrid Halvorsen à Oslo."
    assert redact(text, ner=analyzer).text == "Bonjour, ici <PERSON_1> à <LOCATION_1>."
    assert "language='fr'" in repr(PresidioNER(analyzer))


def test_presidio_bad_arguments() -> None:
    with pytest.raises(TypeError, match="AnalyzerEngine"):
        PresidioNER("not an engine")
    with pytest.raises(TypeError, match="AnalyzerEngine"):
        PresidioNER([object()])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        PresidioNER(_presidio_recognizers(), score_threshold=2.0)


# -- Guard and Policy ------------------------------------------------------------------------


def test_guard_redacts_names_and_restores_them_in_the_answer() -> None:
    guard = Guard(Policy.from_mapping({**NO_MODERATION, "redaction": {"ner": "builtin"}}))
    check = guard.check_input(
        "Hallo, ich heiße Jonas Weber. Lieferung an Berliner Straße 12a, 80331 München."
    )
    assert check.text == "Hallo, ich heiße <PERSON_1>. Lieferung an <ADDRESS_1>."
    assert check.entity_counts == {"PERSON": 1, "ADDRESS": 1}
    out = guard.check_output(
        "Danke <PERSON_1>, wir liefern an <ADDRESS_1>.", restore=check.redaction
    )
    assert out.text == "Danke Jonas Weber, wir liefern an Berliner Straße 12a, 80331 München."


def test_guard_messages_share_placeholders_across_the_conversation() -> None:
    guard = Guard(Policy.from_mapping({**NO_MODERATION, "redaction": {"ner": _ruler_pipeline()}}))
    check = guard.check_messages(
        [
            {"role": "system", "content": "You help Ingrid Halvorsen's team."},
            {"role": "user", "content": "Bonjour, ici Ingrid Halvorsen."},
            {"role": "user", "content": "Je suis à Oslo, Ingrid Halvorsen."},
        ]
    )
    assert [m["content"] for m in check.messages] == [
        "You help Ingrid Halvorsen's team.",  # the developer's system prompt is left alone
        "Bonjour, ici <PERSON_1>.",
        "Je suis à <LOCATION_1>, <PERSON_1>.",
    ]


def test_guard_screen_documents_redacts_names_one_way() -> None:
    guard = Guard(Policy.from_mapping({**NO_MODERATION, "redaction": {"ner": "builtin"}}))
    (doc,) = guard.screen_documents(["Contact: Mme Aubert, 3 bis avenue Foch, 75116 Paris."])
    assert "Aubert" not in doc.text and "Foch" not in doc.text
    assert "<PERSON:" in doc.text and "<ADDRESS:" in doc.text


def test_policy_ner_settings() -> None:
    policy = Policy.from_toml(
        '[redaction]\nner = "builtin"\nentities = ["PERSON", "EMAIL_ADDRESS"]'
    )
    assert (
        policy.redaction.ner_recognizer
        is Policy.from_mapping(
            {"redaction": {"ner": "builtin", "entities": ["PERSON", "EMAIL_ADDRESS"]}}
        ).redaction.ner_recognizer
    )  # built once per process
    env = Policy.from_env(environ={"MISTRAL_SECURE_REDACTION__NER": "builtin"})
    assert isinstance(env.redaction.ner_recognizer, BuiltinNER)
    nlp = _ruler_pipeline()
    wrapped = Policy(redaction={"ner": nlp}).redaction.ner_recognizer
    assert isinstance(wrapped, SpacyNER) and wrapped.nlp is nlp
    assert Policy().redaction.ner_recognizer is None
    for bad, message in [
        ({"ner": "stanza"}, "builtin, spacy, presidio"),
        ({"ner": "spacy"}, "needs ner_model"),
        ({"ner": "presidio", "ner_model": "xx_no_such_pipeline_sm"}, "not installed"),
        ({"entities": ["PERSON"]}, "need `ner`"),
        ({"ner": 42}, "NamedEntityRecognizer"),
    ]:
        with pytest.raises(ConfigurationError, match=message):
            Policy(redaction=bad)


def test_public_names() -> None:
    for name in ("NamedEntityRecognizer", "BuiltinNER", "SpacyNER", "PresidioNER"):
        assert name in mistral_secure.__all__

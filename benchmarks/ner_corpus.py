"""A labelled set of EN/FR/DE/ES/IT support messages with person names, postal addresses
and places, for measuring named-entity redaction.

Names come from two pools: common ones (many in the built-in word lists) and names of
other origins that no list of the package holds, so the figures show what context alone
finds. Each message also carries hard negatives: capitalised products, teams, weekdays,
cities outside addresses (labelled LOCATION, which the built-in rules do not target).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NerSample", "heldout_messages", "ner_messages"]

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "ner_heldout.txt"


@dataclass
class NerSample:
    text: str
    language: str
    truth: list[tuple[str, int, int]] = field(default_factory=list)


COMMON = {
    "en": ["Sarah Thompson", "Michael Carter", "Emily Watson", "David Hughes"],
    "fr": ["Nathalie Moreau", "Julien Garnier", "Sophie Lefèvre", "Thierry Rousseau"],
    "de": ["Sabine Hartmann", "Jürgen Becker", "Katrin Schulze", "Tobias Krüger"],
    "es": ["Lucía Fernández", "Javier Moreno", "Marta Jiménez", "Raúl Navarro"],
    "it": ["Chiara Esposito", "Matteo Ricci", "Federica Greco", "Davide Gallo"],
}
# Not in any list of the package: only context can find these.
RARE = [
    "Oluwaseun Adeyemi",
    "Siobhan Ó Briain",
    "Thandiwe Mokoena",
    "Radek Dvořák",
    "Aigerim Nurlanovna",
    "Kalani Akana",
    "Björn Þórsson",
    "Tupac Quispe",
    "Nguyen Thi Lan",
    "Eero Mäkinen",
    "Ilse Vandenbroucke",
    "Zdeněk Horák",
]
ADDRESSES = {
    "fr": ["14 rue des Lilas, 69003 Lyon", "3 bis avenue Jean Jaurès, 31000 Toulouse",
           "27 boulevard Voltaire, 75011 Paris"],
    "de": ["Lindenstraße 42, 10969 Berlin", "Am Markt 3, 04109 Leipzig",
           "Goethestr. 7b, 60313 Frankfurt"],
    "es": ["Calle de Alcalá 120, 28009 Madrid", "Avenida Diagonal 455, 08036 Barcelona",
           "Plaza Mayor 3, 37002 Salamanca"],
    "it": ["Via Garibaldi 18, 16124 Genova", "Corso Vittorio Emanuele 45, 10121 Torino",
           "Piazza Navona 12, 00186 Roma"],
    "en": ["42 Elm Street, Springfield, IL 62704", "17 Kingsley Road, Leeds LS6 2AB",
           "900 Market St, San Francisco, CA 94102"],
}  # fmt: skip
CITIES = {"en": "Manchester", "fr": "Bordeaux", "de": "Hamburg", "es": "Valencia", "it": "Napoli"}

# {p} a person, {a} an address, {c} a city (LOCATION); every template has hard negatives.
TEMPLATES = {
    "en": [
        "Hi Support Team,\nmy name is {p} and my Premium Plan invoice is wrong. Please send the "
        "new one to {a}.\nBest regards,\n{p}",
        "Hello, I ordered the Pro Kit on Monday. Could {p} from your Sales Team call me back? "
        "I am in {c} until Friday.",
        "Dear Customer Service, please update my delivery address to {a}. Thanks, {p2}",
        "Ticket 4471: Mr. {p} reports that the Mobile App crashes on Android 14.",
        "Our Finance Department needs the refund approved by {p} before Thursday.",
    ],
    "fr": [
        "Bonjour,\nje m'appelle {p} et ma commande n'est jamais arrivée au {a}.\n"
        "Cordialement,\n{p}",
        "Bonjour l'équipe, pouvez-vous transmettre à Mme {p} que le Forfait Famille est résilié ? "
        "Je déménage à {c} lundi.",
        "Merci de livrer la Box Fibre au {a}. Le Service Client m'a dit d'écrire ici.",
        "Réclamation : M. {p} n'a pas reçu le remboursement promis par le Support.",
        "Bonjour, {p} de la Comptabilité demande une facture pour mars.",
    ],
    "de": [
        "Hallo,\nich heiße {p} und wohne in der {a}. Die Rechnung für das Premium Paket stimmt "
        "nicht.\nMit freundlichen Grüßen\n{p}",
        "Sehr geehrte Damen und Herren, bitte leiten Sie an Frau {p} weiter, dass die Lieferung "
        "am Dienstag nach {c} geht.",
        "Bitte ändern Sie die Lieferadresse auf {a}. Danke, {p2}",
        "Kundennummer 55812: Herr {p} meldet, dass die App seit dem Update abstürzt.",
        "Unser Einkauf braucht die Freigabe von {p} bis Freitag.",
    ],
    "es": [
        "Hola,\nme llamo {p} y el pedido no llegó a {a}.\nSaludos,\n{p}",
        "Buenos días, ¿pueden avisar a la Sra. {p} de que la Tarifa Plus se cancela? Me mudo a "
        "{c} el lunes.",
        "Por favor envíen la factura a {a}. Gracias, {p2}",
        "Incidencia 3310: el Sr. {p} indica que la App Móvil no abre.",
        "El Departamento de Compras espera la firma de {p} antes del jueves.",
    ],
    "it": [
        "Buongiorno,\nmi chiamo {p} e il pacco non è arrivato in {a}.\nCordiali saluti,\n{p}",
        "Salve, potete dire alla Sig.ra {p} che l'Offerta Casa è disdetta? Mi trasferisco a {c} "
        "lunedì.",
        "Vi prego di spedire la fattura a {a}. Grazie, {p2}",
        "Segnalazione 2207: il Dott. {p} dice che l'App Mobile si blocca.",
        "L'Ufficio Acquisti aspetta l'approvazione di {p} entro venerdì.",
    ],
}


def _fill(
    template: str, slots: dict[str, tuple[str, str]]
) -> tuple[str, list[tuple[str, int, int]]]:
    out: list[str] = []
    truth: list[tuple[str, int, int]] = []
    i = 0
    length = 0
    while i < len(template):
        if template[i] == "{":
            j = template.index("}", i)
            etype, value = slots[template[i + 1 : j]]
            truth.append((etype, length, length + len(value)))
            out.append(value)
            length += len(value)
            i = j + 1
        else:
            out.append(template[i])
            length += 1
            i += 1
    return "".join(out), truth


def ner_messages(seed: int = 17, per_language: int = 40) -> list[NerSample]:
    """``per_language`` messages in each of EN, FR, DE, ES, IT, with their labelled spans."""
    rng = random.Random(seed)
    samples = []
    for language, templates in TEMPLATES.items():
        for k in range(per_language):
            pool = COMMON[language] if k % 2 == 0 else RARE
            person = rng.choice(pool)
            # Thanks-lines use a first name only, as people sign.
            slots = {
                "p": ("PERSON", person),
                "p2": ("PERSON", person.split()[0]),
                "a": ("ADDRESS", rng.choice(ADDRESSES[language])),
                "c": ("LOCATION", CITIES[language]),
            }
            text, truth = _fill(templates[k % len(templates)], slots)
            samples.append(NerSample(text, language, truth))
    return samples


_MARK = re.compile(r"\[\[([PAL]):(.*?)\]\]", re.DOTALL)
_KINDS = {"P": "PERSON", "A": "ADDRESS", "L": "LOCATION"}


def parse_marked(marked: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Plain text and labelled spans of a message marked up as ``[[P:name]]``."""
    out: list[str] = []
    truth: list[tuple[str, int, int]] = []
    pos = length = 0
    for match in _MARK.finditer(marked):
        before = marked[pos : match.start()]
        out.append(before)
        length += len(before)
        value = match.group(2)
        truth.append((_KINDS[match.group(1)], length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = match.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unbalanced mark-up in {text[:60]!r}")
    return text, truth


def heldout_messages(path: Path = HELDOUT) -> list[NerSample]:
    """The second labelled set (``tests/data/ner_heldout.txt``), never used for tuning."""
    samples: list[NerSample] = []
    language = ""
    lines: list[str] = []

    def flush() -> None:
        if language:
            text, truth = parse_marked("\n".join(lines).strip("\n"))
            samples.append(NerSample(text, language, truth))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            flush()
            language, lines = line[4:].strip(), []
        elif language:
            lines.append(line)
    flush()
    return samples

"""The shape of every fact file, declared once.

The loader validates against these declarations and `json_schema()` turns the same declarations
into the JSON Schemas under schemas/, so an editor's underlining and `build.py check` cannot drift
apart (tests/test_schema.py compares both on every fixture).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from briefing.model import (
    ACTOR_KINDS,
    APPROX,
    LANGUAGES,
    MODALITIES,
    PREDICATES,
    RIGHTS,
)

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: The largest figure a number field holds (a billiard): far above any count in a briefing,
#: and safe to compute with as a float.
MAX_NUMBER = 10**15
#: Ids and file names become page and file names: short enough for every file system (a page
#: path adds folder and suffix), and none that is reserved as a page (index) or on Windows.
MAX_ID_CHARS = 64
RESERVED_NAMES = ("index", "con", "prn", "aux", "nul",
                  *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)))
#: The longest text a field may hold (a statement, a quote, a summary): far above any real one,
#: low enough that every page and check stays fast.
MAX_TEXT_CHARS = 5_000
_DAY = r"(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
DATE = rf"^(\d{{4}}|XXXX){_DAY}(/\d{{4}}{_DAY})?$"


@dataclass(frozen=True)
class Field:
    kind: str  # text, str, id, ref, refs, strs, bool, int, number, date, enum, url, map, maps
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()
    target: str = ""  # what a ref points at: actor, topic, source, measure, claim
    fields: dict[str, Field] | None = None  # for map and maps
    missing_code: str = "missing-field"


QUANTITY = {
    "amount": Field("number", "Zahlenwert als Zahl, z. B. 1000000", required=True),
    "unit": Field("text", "Einheit, z. B. Schuss", required=True),
    "as_stated": Field("text", "die Angabe wörtlich wie im Text; muss in einem Zitat stehen",
                       required=True),
    "approx": Field("enum", "Genauigkeit der Angabe", choices=APPROX),
    "period": Field("str", "Zeitraum, auf den sich die Zahl bezieht, z. B. 1 Jahr"),
}

CITATION = {
    "source": Field("ref", "id der Quelle", required=True, target="source"),
    "quote": Field("text", "wörtliches Zitat aus der Quelle", required=True),
    "prefix": Field("str", "Text direkt vor dem Zitat, nur wenn das Zitat mehrdeutig ist"),
    "suffix": Field("str", "Text direkt nach dem Zitat, nur wenn das Zitat mehrdeutig ist"),
    "claimant": Field("ref", "wer es in dieser Quelle behauptet, falls abweichend",
                      target="actor"),
    "modality": Field("enum", "wie diese Quelle es darstellt, falls abweichend",
                      choices=tuple(MODALITIES)),
    "partial": Field("bool", "true, wenn das Zitat nur einen Teil der Aussage stützt; "
                     "zählt dann nicht als Stimme"),
}

ACTOR = {
    "id": Field("id", "stabile Kennung = Dateiname", required=True),
    "kind": Field("enum", "Art des Akteurs", required=True, choices=ACTOR_KINDS),
    "name": Field("text", "Name, wie die Website ihn zeigt", required=True),
    "aliases": Field("strs", "weitere Namen; im Profil gezeigt, finden Erwähnungen"),
    "mention_forms": Field("strs", "gebeugte Formen, die nur Erwähnungen finden; nie gezeigt"),
    "role": Field("str", "Funktion oder Rolle"),
    "affiliation": Field("ref", "id eines anderen Akteurs", target="actor"),
    "summary": Field("str", "kurze Beschreibung, Inline-Markdown"),
    "redirect_from": Field("strs", "frühere ids nach einer Umbenennung"),
    "plural": Field("bool", "true, wenn der Name eine Mehrzahl ist (USA, Geheimdienste)"),
}

IDENTITY = {
    "title": Field("text", "Titel des Lagebilds, z. B. Lagebild Ostsee", required=True),
    "short_title": Field("str", "Kurztitel für Kopfzeilen und Beschreibungen"),
    "description": Field("str", "ein Satz für Suchmaschinen und Vorschauen"),
    "introduction": Field("str", "Einleitung der Startseite, Inline-Markdown"),
    "slug": Field("id", "Dateiname für Offline-Paket und PDF, z. B. lagebild-ostsee"),
    "language": Field("enum", "Sprache der Beschriftungen", choices=LANGUAGES),
}

TOPIC = {
    "id": Field("id", "stabile Kennung = Dateiname", required=True),
    "title": Field("text", "Titel des Themas", required=True),
    "summary": Field("str", "kurze Zusammenfassung, Inline-Markdown"),
    "order": Field("int", "Reihenfolge in Listen (kleiner = weiter vorn)"),
}

MEASURE = {
    "id": Field("id", "stabile Kennung = Dateiname", required=True),
    "title": Field("text", "was gemessen wird", required=True),
    "unit": Field("str", "die gemeinsame Einheit, falls es eine gibt"),
    "note": Field("str", "Hinweis für Leser"),
    "not_comparable": Field("str", "Begründung, warum die Zahlen nicht vergleichbar sind"),
    "not_comparable_covers": Field("strs", "Einheiten und Zeiträume, für die die Begründung "
                                   "bestätigt ist"),
}

CLAIM = {
    "id": Field("id", "stabile Kennung, im ganzen Lagebild eindeutig", required=True),
    "statement": Field("text", "die Aussage in einem Satz, nicht mehr als die Zitate sagen",
                       required=True),
    "subject": Field("ref", "id des handelnden Akteurs", required=True, target="actor"),
    "predicate": Field("enum", "Art der Beziehung", required=True, choices=tuple(PREDICATES)),
    "object": Field("ref", "id des Akteurs, auf den sich die Handlung richtet", target="actor"),
    "involves": Field("refs", "weitere beteiligte Akteure, z. B. Waffensysteme", target="actor"),
    "topics": Field("refs", "ids der Themen", target="topic"),
    "date": Field("date", "Datum: 2024, 2024-01, 2024-01-19, XXXX-01-19 oder A/B"),
    "date_inferred": Field("bool", "true, wenn das Jahr aus dem Kontext erschlossen ist"),
    "date_note": Field("str", "woraus das Datum erschlossen ist"),
    "quantity": Field("map", "Zahlenangabe", fields=QUANTITY),
    "measure": Field("ref", "id der Messgröße", target="measure"),
    "claimant": Field("ref", "id des Akteurs, der es behauptet; leer = die Quelle selbst",
                      target="actor"),
    "modality": Field("enum", "wie die Quelle es darstellt; leer = als Tatsache (asserted)",
                      choices=tuple(MODALITIES)),
    "citations": Field("maps", "Belege", required=True, fields=CITATION,
                       missing_code="no-citation"),
    "redirect_from": Field("strs", "frühere ids der Aussage; Links darauf führen hierher"),
}

FINDING = {
    "id": Field("id", "stabile Kennung", required=True),
    "text": Field("text", "die Kernaussage, Inline-Markdown", required=True),
    "claims": Field("refs", "ids der Aussagen, die sie belegen", required=True, target="claim"),
}

SOURCE = {
    "id": Field("id", "stabile Kennung = Dateiname", required=True),
    "title": Field("text", "Titel wie gedruckt, sonst beschreibend in [Klammern]", required=True),
    "publisher": Field("str", "Herausgeber; leer, wenn unbekannt"),
    "url": Field("url", "Adresse des Originals; leer, wenn unbekannt"),
    "published": Field("date", "Erscheinungsdatum; leer, wenn unbekannt"),
    "language": Field("str", "Sprache, z. B. de"),
    "rights": Field("enum", "full-text oder excerpts", choices=RIGHTS),
    "boilerplate_from": Field("str", "wörtlicher Text, ab dem Seitenbeiwerk beginnt"),
    "note": Field("str", "was sich erschließen lässt und woraus"),
    "sha256": Field("str", "SHA-256 des Textes; schützt ihn vor versehentlichen Änderungen"),
}

WITHDRAWN = {
    "id": Field("id", "id der zurückgezogenen Aussage", required=True),
    "reason": Field("text", "warum die Aussage zurückgezogen wurde; die Website zeigt es",
                    required=True),
}

EDITION = {
    "name": Field("id", "Name der Ausgabe, z. B. \"3\"", required=True),
    "date": Field("date", "Erscheinungstag der Ausgabe, z. B. 2026-11-22", required=True),
    "summary": Field("text", "eine Zeile: was diese Ausgabe Neues bringt", required=True),
}

#: file kind -> (fields, whether the file holds a list of records)
KINDS: dict[str, tuple[dict[str, Field], bool]] = {
    "briefing": (IDENTITY, False),
    "actor": (ACTOR, False),
    "topic": (TOPIC, False),
    "measure": (MEASURE, False),
    "claims": (CLAIM, True),
    "findings": (FINDING, True),
    "source": (SOURCE, False),
    "withdrawn": (WITHDRAWN, True),
    "editions": (EDITION, True),
}


def _field_schema(field: Field) -> dict[str, Any]:
    nullable = not field.required
    match field.kind:
        case "text":
            schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S",
                                      "maxLength": MAX_TEXT_CHARS}
        case "str" | "ref":
            schema = {"type": "string", "maxLength": MAX_TEXT_CHARS}
        case "url":
            schema = {"type": "string", "pattern": "^https?://"}
        case "id":
            schema = {"type": "string", "pattern": SLUG, "maxLength": MAX_ID_CHARS,
                      "not": {"enum": list(RESERVED_NAMES)}}
        case "refs" | "strs":
            schema = {"type": "array", "items": {"type": "string"}}
            if field.required:
                schema["minItems"] = 1
        case "bool":
            schema = {"type": "boolean"}
        case "int":
            schema = {"type": "integer", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
        case "number":
            schema = {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
        case "date":
            schema = {"type": ["string", "integer"], "pattern": DATE}
        case "enum":
            schema = {"enum": list(field.choices)}
        case "map":
            schema = _object_schema(field.fields or {})
        case "maps":
            schema = {"type": "array", "items": _object_schema(field.fields or {})}
            if field.required:
                schema["minItems"] = 1
            if "partial" in (field.fields or {}):
                # At least one citation must back the whole statement.
                schema["contains"] = {"not": {"required": ["partial"],
                                              "properties": {"partial": {"const": True}}}}
        case _:
            raise ValueError(field.kind)
    if nullable and field.kind not in ("enum",):
        schema = {"anyOf": [schema, {"type": "null"}]}
    elif nullable:
        schema["enum"] = [*schema["enum"], None]
    schema["description"] = field.doc
    return schema


def _object_schema(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, f in fields.items() if f.required],
        "properties": {name: _field_schema(f) for name, f in fields.items()},
    }


def json_schema(kind: str) -> dict[str, Any]:
    fields, is_list = KINDS[kind]
    record = _object_schema(fields)
    body = {"type": "array", "items": record} if is_list else record
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{kind}.schema.json",
        "title": f"Lagebild {kind}",
        **body,
    }

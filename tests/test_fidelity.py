"""Fidelity: perturbations of the real briefing are each caught with a location; every German
relation label renders; figure words read as the editor's guide says."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.check import check
from briefing.fidelity import dates_in, read_figure
from briefing.model import MODALITIES, PREDICATES
from briefing.wording import is_speech, label, relation
from tests.conftest import ROOT, TESTS, UPDATE

CLAIMS = Path("facts/claims")


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for part in ("facts", "sources"):
        shutil.copytree(ROOT / part, root / part)
    return root


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        text = (root / path).read_text("utf-8")
        assert old in text, old
        (root / path).write_text(text.replace(old, new, 1), "utf-8")
    return apply


#: (name, change to a copy of the real facts, code expected, file it must point at)
PERTURBATIONS = [
    ("figure-x10", _replace(f"{CLAIMS}/lieferungen.yaml", "amount: 14000,", "amount: 140000,"),
     "figure-mismatch", f"{CLAIMS}/lieferungen.yaml"),
    ("qualifier-changed", _replace(f"{CLAIMS}/lieferungen.yaml",
                                   "approx: more-than, as_stated: über 150",
                                   "approx: about, as_stated: über 150"),
     "figure-mismatch", f"{CLAIMS}/lieferungen.yaml"),
    ("qualifier-dropped", _replace(f"{CLAIMS}/reaktionen.yaml", "approx: almost, ", ""),
     "figure-mismatch", f"{CLAIMS}/reaktionen.yaml"),
    ("hedge-removed-from-statement", _replace(
        f"{CLAIMS}/technologie.yaml",
        "bietet Russland Nordkorea möglicherweise fortschrittliche Militärtechnologie an, "
        "einschließlich Fähigkeiten für Langstreckenangriffe und möglicherweise ballistischer",
        "bietet Russland Nordkorea fortschrittliche Militärtechnologie an, einschließlich "
        "Fähigkeiten für Langstreckenangriffe und ballistischer"),
     "statement-unhedged", f"{CLAIMS}/technologie.yaml"),
    ("one-of-two-hedges-removed", _replace(
        f"{CLAIMS}/technologie.yaml",
        "Fähigkeiten für Langstreckenangriffe und möglicherweise ballistischer",
        "Fähigkeiten für Langstreckenangriffe und ballistischer"),
     "statement-unhedged", f"{CLAIMS}/technologie.yaml"),
    ("modality-removed", _replace(f"{CLAIMS}/zusammenarbeit.yaml",
                                  "  modality: intended\n", ""),
     "hedge-dropped", f"{CLAIMS}/zusammenarbeit.yaml"),
    ("attribution-dropped-from-statement", _replace(
        f"{CLAIMS}/technologie.yaml", "Laut Budanov überträgt Russland", "Russland überträgt"),
     "statement-unhedged", f"{CLAIMS}/technologie.yaml"),
    ("claimant-dropped", _replace(f"{CLAIMS}/lieferungen.yaml",
                                  "  claimant: unbenannte-berichte\n", ""),
     "claimant-missing", f"{CLAIMS}/lieferungen.yaml"),
    ("claimant-dropped-from-hedged-speech", _replace(f"{CLAIMS}/reaktionen.yaml",
                                                     "  claimant: kr\n", ""),
     "claimant-missing", f"{CLAIMS}/reaktionen.yaml"),
    ("date-no-quote-gives", _replace(
        f"{CLAIMS}/zusammenarbeit.yaml", "  predicate: visits\n",
        "  predicate: visits\n  date: \"2024-11\"\n"),
     "date-not-in-quote", f"{CLAIMS}/zusammenarbeit.yaml"),
    ("date-changed-despite-note", _replace(
        f"{CLAIMS}/reaktionen.yaml", "  date: XXXX-01-18\n", "  date: XXXX-02-18\n"),
     "date-not-in-quote", f"{CLAIMS}/reaktionen.yaml"),
    ("second-citation-same-claimant", _replace(
        f"{CLAIMS}/technologie.yaml",
        "      quote: Er hob hervor, dass Nordkorea bereits von militärischer Unterstützung und "
        "Training aus Russland profitiert\n",
        "      quote: Er hob hervor, dass Nordkorea bereits von militärischer Unterstützung und "
        "Training aus Russland profitiert\n"
        "    - source: 002-blinken-raum-und-satellitentechnologie\n"
        "      quote: Außenminister Antony Blinken hat betont, dass Nordkorea sowohl "
        "militärisches Training als auch Unterstützung aus Moskau erhält\n"),
     "repeated-voice", f"{CLAIMS}/technologie.yaml"),
    ("finding-made-categorical", _replace(
        "facts/findings.yaml",
        "Laut HUR-Chef Budanov haben Moskau und Pjöngjang vereinbart,",
        "Moskau und Pjöngjang haben vereinbart,"),
     "finding-outruns-claims", "facts/findings.yaml"),
    ("finding-hedge-dropped", _replace(
        "facts/findings.yaml", "Berichten zufolge hat Nordkorea im Laufe",
        "Nordkorea hat im Laufe"),
     "finding-outruns-claims", "facts/findings.yaml"),
    ("finding-speaker-dropped", _replace(
        "facts/findings.yaml", "überträgt Russland laut Budanov Technologien",
        "überträgt Russland Technologien"),
     "finding-outruns-claims", "facts/findings.yaml"),
    ("finding-offer-made-delivery", _replace(
        "facts/findings.yaml", "bietet Russland Nordkorea möglicherweise fortschrittliche "
        "Militärtechnologie an,", "liefert Russland Nordkorea möglicherweise fortschrittliche "
        "Militärtechnologie,"),
     "finding-outruns-claims", "facts/findings.yaml"),
    ("new-unit-in-measure", _replace(
        "facts/measures/kp-ru-munition.yaml", "Artilleriegeschosse, ", ""),
     "not-comparable-unconfirmed", "facts/measures/kp-ru-munition.yaml"),
]


def test_real_briefing_is_clean(tmp_path: Path) -> None:
    _, problems = check(_copy(tmp_path))
    assert problems.sorted() == []


@pytest.mark.parametrize(("name", "change", "code", "path"), PERTURBATIONS,
                         ids=[p[0] for p in PERTURBATIONS])
def test_perturbation_is_reported(name: str, change: Callable[[Path], None], code: str,
                                  path: str, tmp_path: Path) -> None:
    root = _copy(tmp_path)
    change(root)
    _, problems = check(root)
    found = [p for p in problems.sorted() if p.code == code]
    assert found, f"{name}: no {code} in {[p.code for p in problems.sorted()]}"
    assert all(p.where.path == path and p.where.line >= 1 for p in found), found
    assert found[0].hint


def test_every_predicate_modality_and_number_renders() -> None:
    lines = []
    for predicate in PREDICATES:
        for modality in MODALITIES:
            for plural in (False, True):
                subject = "Die Staaten" if plural else "Der Staat"
                lab = label(predicate, modality, plural)
                alone = label(predicate, modality, plural, with_object=False)
                text = lab.text()
                assert text and "  " not in text and text.count("…") <= 1
                assert "…" not in alone.text()
                assert lab.hedged == (modality != "asserted" and not is_speech(predicate))
                lines.append(f"{predicate} | {modality} | {'pl' if plural else 'sg'} | {text} | "
                             f"{relation(subject, lab, 'X')} | {relation(subject, alone, None)}")
    golden = TESTS / "cases" / "relations.txt"
    rendered = "\n".join(lines) + "\n"
    if UPDATE:
        golden.write_text(rendered, "utf-8")
    assert rendered == golden.read_text("utf-8")


def test_plural_verbs_differ_and_objects_take_their_place() -> None:
    assert label("warns", plural=True).text() == "warnen vor"
    assert label("recognizes").text() == "erkennt … an"
    assert label("delivers", "reported").text() == "soll an … liefern"
    assert label("allied-with", "speculated").text() == "ist vermutlich mit … verbündet"
    assert label("supports", "speculated", with_object=False).text() == (
        "leistet vermutlich Unterstützung")
    assert relation("Russland", label("concerns", "possible"), "Nordkorea") == (
        "Aussage über Russland und Nordkorea")
    assert label("supports", "intended", True).text() == "wollen … unterstützen"
    assert relation("Russland", label("trains"), "X") == "Russland bildet X aus"
    assert relation("Südkorea", label("warns", "possible"), "Nordkorea") == (
        "Südkorea warnt vor Nordkorea")


@pytest.mark.parametrize(("words", "amount", "approx"), [
    ("etwa eine Million Schuss Munition", 1_000_000, "about"),
    ("neun Millionen Artilleriegeschosse", 9_000_000, "exact"),
    ("über 14.000 Soldaten", 14_000, "more-than"),
    ("1,5 Milliarden Dollar", 1_500_000_000, "exact"),
    ("zwei Dutzend Raketen", 24, "exact"),
    ("fast 50 andere Länder", 50, "almost"),
    ("rund 300 Drohnen", 300, "about"),
    ("mehr als 2.000 Granaten", 2_000, "more-than"),
    ("knapp 3,5 Mio. Schuss", 3_500_000, "almost"),
    ("bis zu dreihundertfünfzig Soldaten", 350, "up-to"),
    ("weniger als zehn Panzer", 10, "less-than"),
    ("eine halbe Million Schuss", 500_000, "exact"),
    ("anderthalb Millionen Granaten", 1_500_000, "exact"),
    ("14.000, so", 14_000, "exact"),
])
def test_figures_read_from_words(words: str, amount: float, approx: str) -> None:
    figure = read_figure(words)
    assert figure is not None
    assert (figure.amount, figure.approx) == (amount, approx)


def test_unreadable_figure() -> None:
    assert read_figure("große Mengen Munition") is None


def test_dates_in_german_text() -> None:
    assert dates_in("am 18./19. Januar") >= {(None, 1, 18), (None, 1, 19)}
    assert (2022, 2, None) in dates_in("seit Beginn der Invasion im Februar 2022")
    assert (2023, 9, None) in dates_in("Im September 2023 deutete Putin an")
    assert not re.search(r"\d", str(dates_in("ohne Datum")))


def test_real_site_wording() -> None:
    from briefing import graph
    from briefing.views import Views

    b, problems = check(ROOT)
    assert problems.sorted() == []
    v = Views(b)
    finding = next(f for f in b.findings if f.id == "munition-in-millionenhoehe")
    assert v.sourcing(finding) == ["laut HUR", "Unbenannte offizielle Berichte"]
    shahed = b.claims["ru-kp-shahed-produktion"]
    assert v.corroboration(shahed).startswith("1 Stimme (Kyrylo Budanov)")
    assert "unabhängig" not in v.corroboration(b.claims["ru-kp-raum-und-satellitentechnologie"])
    assert v.claimant_text(b.claims["kp-ru-artilleriegeschosse-9-mio"]) == (
        "Unbenannte offizielle Berichte")
    assert v.date_sources(b.claims["ru-kp-zusammenarbeit-verstaerkt"]) == "nur laut Quelle 000"
    assert v.date_text(b.claims["vaddi-warnt-bedrohung-jahrzehnt"]) == (
        "18. Januar (Jahr unbekannt) (erschlossen)")
    assert v.date_text(b.claims["vaddi-interview-csis"]) == "18. Januar (Jahr unbekannt)"
    hedged = {(r.subject, r.label, r.object) for r in v.relations if r.hedged}
    assert ("ru", "könnte … Technologie anbieten", "kp") in hedged
    assert ("ru", "könnte Technologie an … übertragen", "kp") in hedged
    assert not any(r.hedged for r in v.relations if r.label == "warnt vor")
    drawing = str(graph.svg(b, v.relations, lambda actor: actor))
    edges = re.findall(r'<g class="(kante[^"]*)"><title>([^<]*)</title>', drawing)
    assert any("Russland könnte Nordkorea Technologie anbieten" in title for _, title in edges)
    solid = [part.split("</g>")[0] for part in drawing.split('<g class="kante">')[1:]]
    assert solid and all("stroke-dasharray" not in part for part in solid)

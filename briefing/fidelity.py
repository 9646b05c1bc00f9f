"""Fidelity: what the facts make of a quote may never be stronger than the quote.

Cues (briefing/data/cues.toml) say when a quote hedges or hands a statement to a speaker; the
claim must then carry the same modality and claimant, and its statement the same hedge. Figures
must follow from their words, dates from a quote, findings from the caution of their claims.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from text_to_num import text2num  # type: ignore[import-untyped]  # ships no type hints

from briefing.model import MODALITIES, Briefing, Citation, Claim, Quantity, source_number
from briefing.problems import Problems
from briefing.text import MONTHS, fold_plain
from briefing.wording import (
    attributions,
    count_hedges,
    finding_words,
    hedges,
    is_speech,
    label,
    says_any,
    table,
)

_NUMBERS = table("cues.toml")
_QUALIFIERS = sorted(((w, approx) for approx, words in _NUMBERS["qualifier"].items()
                      for w in words), key=lambda x: -len(x[0]))
_MULTIPLIERS: dict[str, int] = {k.casefold(): v for k, v in _NUMBERS["multiplier"].items()}
_FRACTIONS: dict[str, float] = {k.casefold(): v for k, v in _NUMBERS["fraction"].items()}
_DIGITS = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?")
#: Article forms text2num does not read before "Million" ("eine Million" = "ein Million").
_ARTICLES = {"eine", "einer", "einem", "einen", "eines"}
#: The longest run of number words tried ("neun Millionen fünfhunderttausend dreihundert"):
#: it bounds the work a long as_stated can cause.
_MAX_NUMBER_WORDS = 8


@dataclass(frozen=True)
class Figure:
    amount: float
    approx: str


def read_figure(as_stated: str) -> Figure | None:
    """The amount and qualifier a German figure phrase states, or None if it cannot be read.

    Digits with thousands dots and a decimal comma ("14.000", "1,5"), number words read by
    text2num ("neun Millionen", "eine Million"), a scale or count word after digits ("1,5
    Milliarden", "zwei Dutzend") and a leading qualifier ("etwa", "über", "bis zu").
    """
    text = fold_plain(as_stated)
    approx = "exact"
    lowered = text.casefold()
    for words, value in _QUALIFIERS:
        if lowered.startswith(words.casefold() + " "):
            approx, text = value, text[len(words) + 1:]
            break
    tokens = text.split(" ")
    amount: float | None = None
    rest: list[str] = []
    digits = _DIGITS.fullmatch(tokens[0].rstrip(",;:")) if tokens else None
    if digits:
        whole = digits.group(1).replace(".", "")
        amount = float(f"{whole}.{digits.group(2)}" if digits.group(2) else whole)
        rest = tokens[1:]
    elif tokens[0].casefold() in _FRACTIONS:
        amount, rest = _FRACTIONS[tokens[0].casefold()], tokens[1:]
    elif tokens[0].casefold() in _ARTICLES | {"ein"} and len(tokens) > 1 and (
            tokens[1].casefold() in _FRACTIONS):
        amount, rest = _FRACTIONS[tokens[1].casefold()], tokens[2:]
    else:
        for end in range(min(len(tokens), _MAX_NUMBER_WORDS), 0, -1):
            words = [("ein" if t.casefold() in _ARTICLES else t) for t in tokens[:end]]
            try:
                amount = float(text2num(" ".join(words), "de"))
            except ValueError:
                continue
            rest = tokens[end:]
            break
    if amount is None:
        return None
    if rest:
        scale = _scale(rest[0])
        if scale:
            amount *= scale
    return Figure(amount, approx)


def _scale(word: str) -> int | None:
    """The factor a word after digits stands for: "Millionen", "Tausend", "Dutzend", "Mio."."""
    if word.casefold() in _MULTIPLIERS:
        return _MULTIPLIERS[word.casefold()]
    try:
        value = int(text2num(word, "de"))
    except ValueError:
        return None
    # Only a scale multiplies ("1,5 Milliarden"); "14.000 zwei" is no figure of 28.000.
    return value if value >= 1000 else None


def check_figures(b: Briefing, problems: Problems) -> None:
    for claim in b.claims.values():
        q = claim.quantity
        if q is not None:
            _check_figure(q, problems)


def _check_figure(q: Quantity, problems: Problems) -> None:
    read = read_figure(q.as_stated)
    if read is None:
        problems.add(q.where, "figure-unreadable",
                     f"„{q.as_stated}“ lässt sich nicht als Zahl lesen; amount und approx "
                     "bleiben ungeprüft",
                     "schreibe die Zahl in as_stated so, wie sie im Zitat steht (Ziffern oder "
                     "Zahlwörter, z. B. „rund 300“, „neun Millionen“)")
        return
    wrong = []
    if not math.isclose(read.amount, q.amount, rel_tol=1e-9):
        wrong.append(f"amount {_num(q.amount)}")
    if read.approx != q.approx:
        wrong.append(f"approx {q.approx}")
    if wrong:
        problems.add(q.where, "figure-mismatch",
                     f"{' und '.join(wrong)} {'folgen' if len(wrong) > 1 else 'folgt'} nicht "
                     f"aus „{q.as_stated}“",
                     f"aus den Worten gelesen: amount: {_num(read.amount)}, approx: "
                     f"{read.approx}")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


_MONTH = "|".join(MONTHS)
_DAY_MONTH = re.compile(rf"(?<!\d)(\d{{1,2}})\.(?:\s*/\s*(\d{{1,2}})\.)?\s+({_MONTH})"
                        rf"(?:\s+(\d{{4}}))?")
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b")
_YEAR = re.compile(r"(?<![\d.])(1[89]\d\d|20\d\d)(?![\d.])")

DatePart = tuple[int | None, int | None, int | None]


def dates_in(text: str) -> set[DatePart]:
    """Every (year, month, day) a German text gives: "18./19. Januar", "im Februar 2022", "2023"."""
    text = fold_plain(text)
    found: set[DatePart] = set()
    for m in _DAY_MONTH.finditer(text):
        month = MONTHS.index(m.group(3)) + 1
        year = int(m.group(4)) if m.group(4) else None
        for day in (m.group(1), m.group(2)):
            if day:
                found.add((year, month, int(day)))
        found.add((year, month, None))
    for m in _MONTH_YEAR.finditer(text):
        found.add((int(m.group(2)), MONTHS.index(m.group(1)) + 1, None))
    for m in _YEAR.finditer(text):
        found.add((int(m.group(1)), None, None))
    return found


def _passage_dates(citation: Citation) -> set[DatePart]:
    """The dates a citation's passage gives: its quote with prefix and suffix, all three
    verified source text."""
    return dates_in(" ".join(filter(None, (citation.prefix, citation.quote, citation.suffix))))


def date_given_by(claim: Claim) -> list[str]:
    """The sources whose cited passages give the claim's date, in citation order."""
    if claim.date is None:
        return []
    parts = [claim.date.start, *([claim.date.end] if claim.date.end else [])]
    out = []
    for citation in claim.citations:
        given = _passage_dates(citation)
        if all(part in given for part in parts) and citation.source not in out:
            out.append(citation.source)
    return out


def check_dates(b: Briefing, problems: Problems) -> None:
    for claim in b.claims.values():
        if claim.date is None or date_given_by(claim):
            continue
        where = claim.at.get("date", claim.where)
        # A date_note explains what the passages leave out (the year of "am 18. Januar"), never
        # a date they contradict.
        given = {d for c in claim.citations for d in _passage_dates(c) if d[1]}
        if given and not any(_compatible(d, claim.date.start) for d in given):
            shown = [d for d in given if not any(
                e != d and _compatible(d, e) and _known(e) > _known(d) for e in given)]
            shown.sort(key=lambda d: (d[0] or 0, d[1] or 0, d[2] or 0))
            problems.add(where, "date-not-in-quote",
                         f"das Datum {claim.date.text} steht in keinem Zitat der Aussage; die "
                         f"Zitate nennen {', '.join(_date_words(d) for d in shown)}",
                         "übernimm das Datum aus dem Zitat (XXXX für ein Jahr, das es nicht "
                         "nennt)")
        elif not claim.date_note:
            problems.add(where, "date-not-in-quote",
                         f"das Datum {claim.date.text} steht in keinem Zitat der Aussage",
                         "zitiere den Satz, der das Datum nennt (z. B. „am 18. Januar“), oder "
                         "sage in date_note, woraus es erschlossen ist; die Website zeigt es "
                         "dann als erschlossen")


def _compatible(a: DatePart, b: DatePart) -> bool:
    """Two dates that can name the same time: the same month, equal wherever both are known."""
    return a[1] == b[1] and all(x is None or y is None or x == y for x, y in zip(a, b, strict=True))


def _known(part: DatePart) -> int:
    return sum(x is not None for x in part)


def _date_words(part: DatePart) -> str:
    year, month, day = part
    words = f"{day}. " if day else ""
    words += MONTHS[(month or 1) - 1]
    return words + (f" {year}" if year else "")


def check_cues(b: Briefing, problems: Problems) -> None:
    """Hedges and attributions in quotes must survive into the claim and its statement."""
    for claim in b.claims.values():
        for citation in claim.citations:
            # A speech act the source reports as fact ("Vaddi betonte … in einem Interview") is
            # the source's own statement: its verb needs no claimant. What was said, once
            # hedged ("Südkorea befürchtet, … könnte"), belongs to a named voice again.
            reported_act = is_speech(claim.predicate) and claim.modality_of(citation) == "asserted"
            said = [] if reported_act else attributions(citation.quote)
            if said and claim.claimant_of(citation) is None:
                problems.add(citation.at.get("quote", citation.where), "claimant-missing",
                             f"das Zitat schreibt die Aussage jemandem zu („{said[0].words}“), "
                             "sie hat aber keinen claimant",
                             "setze claimant: auf den Sprecher; ungenannte Stimmen "
                             "(„Berichten zufolge“, „Analysten“) sind Akteure der Art unnamed")
            if claim.modality_of(citation) != "asserted":
                continue
            hedged = hedges(citation.quote)
            if hedged:
                problems.add(claim.at.get("modality", claim.where), "hedge-dropped",
                             f"das Zitat aus {citation.source} schränkt ein („{hedged[0].words}“),"
                             f" die Aussage '{claim.id}' gilt aber als Tatsache (asserted)",
                             f"setze modality: {hedged[0].modality} und übernimm die "
                             "Einschränkung in statement, oder zitiere nur den Teil ohne sie")
        full = [c for c in claim.citations if not c.partial]
        if not claim.hedged and full and all(claim.modality_of(c) != "asserted" for c in full):
            problems.add(claim.at.get("modality", claim.where), "hedge-dropped",
                         f"keiner der Belege von '{claim.id}' stellt es als Tatsache dar, die "
                         "Aussage gilt aber als Tatsache (asserted)",
                         f"setze modality: {claim.modality_of(full[0])} an der Aussage")
        _check_statement(claim, problems)


def _check_statement(claim: Claim, problems: Problems) -> None:
    where = claim.at.get("statement", claim.where)
    kinds = {c.modality for c in hedges(claim.statement)}
    if claim.hedged and claim.modality not in kinds:
        problems.add(where, "statement-unhedged",
                     f"die Aussage ist als „{MODALITIES[claim.modality]}“ erfasst (modality: "
                     f"{claim.modality}), ihr Text sagt das aber nicht",
                     "übernimm die Einschränkung des Zitats in statement („möglicherweise“, "
                     "„soll“, „plant“, „Berichten zufolge“)")
    elif claim.hedged and (dropped := _hedges_dropped(claim)):
        problems.add(where, "statement-unhedged",
                     f"die Aussage übernimmt nur {dropped[0]} von {dropped[1]} Einschränkungen "
                     f"ihres Zitats („{MODALITIES[claim.modality]}“)",
                     "jede Einschränkung des Zitats gehört in statement: „möglicherweise … und "
                     "möglicherweise …“ wird nicht zu einem einzigen „möglicherweise“")
    elif claim.claimant and not attributions(claim.statement):
        problems.add(where, "statement-unhedged",
                     f"die Aussage hat den Urheber '{claim.claimant}', ihr Text nennt ihn nicht",
                     "schreibe die Zuschreibung in statement („laut …“, „… erklärte“)")


def _hedges_dropped(claim: Claim) -> tuple[int, int] | None:
    """(in the statement, in the closest quote) when the statement carries fewer hedges of the
    claim's modality than every quote that backs all of it in that modality."""
    quoted = [count_hedges(c.quote, claim.modality) for c in claim.citations
              if not c.partial and claim.modality_of(c) == claim.modality]
    said = count_hedges(claim.statement, claim.modality)
    return (said, min(quoted)) if quoted and said < min(quoted) else None


def check_voices(b: Briefing, problems: Problems) -> None:
    """A second full citation by the same voice in one source adds no corroboration."""
    for claim in b.claims.values():
        if claim.citations and all(c.partial for c in claim.citations):
            problems.add(claim.at.get("citations", claim.where), "no-citation",
                         f"alle Belege von '{claim.id}' stützen nur einen Teil der Aussage",
                         "zitiere einen Satz, der die ganze Aussage trägt, oder kürze die "
                         "Aussage auf das, was die Belege tragen")
        seen: dict[tuple[str, str], int] = {}
        for i, citation in enumerate(claim.citations):
            if citation.partial:
                continue
            key = (b.voice_of(claim, citation), citation.source)
            if key in seen:
                problems.add(citation.where, "repeated-voice",
                             f"Beleg {i + 1} von '{claim.id}' stammt von derselben Stimme in "
                             f"derselben Quelle wie Beleg {seen[key] + 1} und zählt nicht als "
                             "weitere Bestätigung", "markiere ihn mit partial: true, wenn er nur "
                             "einen Teil stützt, oder entferne ihn")
            else:
                seen[key] = i


def check_covers(b: Briefing, members: dict[str, list[Claim]], problems: Problems) -> None:
    """A not_comparable text covers the units and periods it was written for, no more."""
    for mid, claims in members.items():
        measure = b.measures[mid]
        if not measure.not_comparable:
            continue
        figures = [c.quantity for c in claims if c.quantity]
        have = dict.fromkeys([q.unit for q in figures] + [q.period or "unbekannt"
                                                            for q in figures])
        new = [x for x in have if x not in measure.not_comparable_covers]
        if new:
            problems.add(measure.where, "not-comparable-unconfirmed",
                         f"not_comparable von '{mid}' ist für {', '.join(new)} nicht bestätigt",
                         "prüfe die Begründung und setze not_comparable_covers: ["
                         f"{', '.join(have)}]")


def sourcing(b: Briefing, claim_ids: tuple[str, ...]) -> list[str]:
    """How claims are sourced, in German: "laut HUR", "Unbenannte Berichte", "Quelle 000"."""
    out: dict[str, None] = {}
    for cid in claim_ids:
        claim = b.claims.get(cid)
        if claim is None:
            continue
        for citation in claim.citations:
            if citation.partial:
                continue
            actor = b.actors.get(claim.claimant_of(citation) or "")
            if actor is None:
                out[f"Quelle {source_number(citation.source)}"] = None
            else:
                out[actor.as_claimant] = None
    return list(out)


def check_findings(b: Briefing, problems: Problems) -> None:
    """Each hedged claim keeps a hedge of its kind in the finding, each attributed claim its
    speaker: one hedge elsewhere in the text does not excuse a categorical sentence."""
    for finding in b.findings:
        where = finding.at.get("text", finding.where)
        kinds = {c.modality for c in hedges(finding.text)}
        for claim in (b.claims[c] for c in finding.claims if c in b.claims):
            if claim.hedged and claim.modality not in kinds:
                problems.add(where, "finding-outruns-claims",
                             f"die Kernaussage '{finding.id}' sagt ohne Einschränkung, was "
                             f"'{claim.id}' nur als „{MODALITIES[claim.modality]}“ belegt "
                             f"(modality: {claim.modality})",
                             "übernimm die Einschränkung der Aussage (z. B. „"
                             f"{_example_cue(claim)}“) oder stütze die Kernaussage nur auf "
                             "festgestellte Aussagen")
                break
            words = finding_words(claim.predicate)
            if words and not says_any(finding.text, words):
                problems.add(where, "finding-outruns-claims",
                             f"die Kernaussage '{finding.id}' sagt nicht, was '{claim.id}' "
                             f"belegt: „{label(claim.predicate).text()}“ ist schwächer als ein "
                             "ähnliches Verb", f"übernimm das Wort der Aussage (z. B. „{words[0]}“)"
                             " statt eines stärkeren („liefern“ für ein Angebot)")
                break
            if claim.claimant and not _names_speaker(b, claim.claimant, finding.text):
                problems.add(where, "finding-outruns-claims",
                             f"die Kernaussage '{finding.id}' nennt den Urheber von "
                             f"'{claim.id}' nicht ({claim.claimant})",
                             "schreibe, wer es sagt („laut HUR“, „offiziellen Berichten "
                             "zufolge“)")
                break


def _example_cue(claim: Claim) -> str:
    found = [c.words for c in hedges(claim.statement) if c.modality == claim.modality]
    return found[0] if found else "soll"


def _names_speaker(b: Briefing, claimant: str, text: str) -> bool:
    """The text names the speaker, or the organization they speak for; an unnamed voice is
    named by any attribution cue ("Berichten zufolge", "laut Experten")."""
    actor = b.actors.get(claimant)
    if actor is None:
        return True
    if actor.kind == "unnamed":
        return bool(attributions(text))
    folded = fold_plain(text).casefold()
    speakers = [actor]
    if actor.affiliation in b.actors and b.actors[actor.affiliation].kind == "organization":
        speakers.append(b.actors[actor.affiliation])
    return any(fold_plain(name).casefold() in folded
               for a in speakers for name in a.forms)


def check_claims(b: Briefing, problems: Problems) -> None:
    """The checks that read one claim at a time (a large briefing's claims are checked by two
    processes, half each: see check._check_claims)."""
    check_cues(b, problems)
    check_figures(b, problems)
    check_dates(b, problems)
    check_voices(b, problems)


def check_sets(b: Briefing, members: dict[str, list[Claim]], problems: Problems) -> None:
    """The checks that read several claims together: a measure's figures, a finding's claims."""
    check_covers(b, members, problems)
    check_findings(b, problems)

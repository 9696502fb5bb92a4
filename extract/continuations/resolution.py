"""Finding the cue phrases in a review and resolving them against the posting calendar.

"Yesterday" is the previous review, not the previous day; "the last 3 reviews"
the three before; an explicit date the review of that date; "tomorrow the
sequel" links the next review back; a vague "I reviewed this before" resolves
only through a topic it shares with an earlier review, with a low confidence,
or not at all.
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Iterable, Iterator, Sequence

from graphkb.extract.continuations.cues import Cue, CueBook, load_cues
from graphkb.extract.folding import fold as _fold, hebrew_prefix_letters
from graphkb.extract.knowledge import Knowledge, load_knowledge
from graphkb.records import Review

__all__ = ["link_continuations", "posting_day", "reference_cues"]

_KIND_RANK = {kind: rank for rank, kind in enumerate(("explicit_date", "yesterday", "announced_followup", "recent_series", "earlier_topic"))}
_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?!\d)|\n|(?<=\d)\.(?=\s)")
_LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*(?:\s+[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*)*")
_QUOTED = re.compile(r"[\"“”״]([^\"“”״]{3,80})[\"“”״]")
_HEBREW_WORD = re.compile(r"[\u05d0-\u05ea][\u05d0-\u05ea\"'״׳]*")
_HEBREW_PREFIXES = hebrew_prefix_letters()
_EVIDENCE_CHARS = 220
_TOPIC_LEFT, _TOPIC_RIGHT, _NEAREST_SLACK, _SAME_SIDE_SLACK = 80, 100, 12, 25
_MIN_TERM_WEIGHT = 0.2
_NEAREST_REACH = 45
_PRIOR_REVIEWS = 20  # how common a term is, judged as if 20 more reviews lacked it (small corpora)
_ANCHOR_REACH = 90
_CONTRAST_REACH = 25



# a run of blanks that is not already one space (replacing each single space by itself was most of the time)
_BLANK_RUN = re.compile(r"[\t\u00a0\u200f\u200e][ \t\u00a0\u200f\u200e]*| [ \t\u00a0\u200f\u200e]+")


def _normalise(text: str) -> str:
    """NFC, every run of blanks (tabs, no-break spaces, direction marks) one space.

    >>> _normalise("a \u200f b\t\tc d")
    'a b c d'
    """
    return _BLANK_RUN.sub(" ", unicodedata.normalize("NFC", text))


def _body(review: Review) -> str:
    """The review's cleaned text, then any original line the cleaning left out (a cue may hide there)."""
    text = _normalise(review.text or "")
    missing = [line for line in _normalise(review.raw_text or "").splitlines() if line.strip() and line.strip() not in text]
    return "\n".join([text, *missing]) if text else "\n".join(missing)


def posting_day(review: Review) -> date | None:
    """The calendar day a review was posted, ``None`` when its date is no date.

    >>> posting_day(Review(id="2024-06-16-2", date="2024-06-16"))
    datetime.date(2024, 6, 16)
    """
    try:
        return date.fromisoformat(review.date[:10])
    except (TypeError, ValueError):
        return None


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding ``text[start:end]``."""
    left = max(0, start - _EVIDENCE_CHARS)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, min(len(text), end + _EVIDENCE_CHARS))
    lo = before[-1] if before else left
    hi = after.start() if after else min(len(text), end + _EVIDENCE_CHARS)
    return lo, hi


def _evidence(text: str, start: int, end: int) -> str:
    """The sentence holding the cue, cut to about ``_EVIDENCE_CHARS`` around it at word boundaries."""
    lo, hi = _sentence(text, start, end)
    if hi - lo > _EVIDENCE_CHARS:
        lo, hi = max(lo, start - _EVIDENCE_CHARS // 3), min(hi, end + _EVIDENCE_CHARS // 2)
        lo = lo if lo == 0 or text[lo - 1].isspace() else text.find(" ", lo, start) + 1 or lo
        cut = text.rfind(" ", end, hi)
        hi = hi if hi == len(text) or cut < 0 else cut
    return " ".join(text[lo:hi].split()).strip(" -–:,;()")


@dataclass
class _Reference:
    cue: Cue
    match: re.Match[str]
    sentence: str
    evidence: str
    factor: float = 1.0  # below 1 for a contrast ("unlike the recent reviews")


def _references(text: str, book: CueBook) -> list[_Reference]:
    """Cue matches in ``text``, a later cue giving way to an earlier one it overlaps."""
    taken: list[tuple[int, int]] = []
    found = []
    regions = _anchor_regions(text.lower(), book.anchors) if book.anchors else [(0, len(text))]
    for cue in book.cues:
        for match in (m for lo, hi in regions for m in cue.pattern.finditer(text, lo, hi)):
            start, end = match.span()
            if any(start < hi and lo < end for lo, hi in taken):
                continue
            window = text[max(0, start - 20) : end]
            if any(negation.search(window) for negation in book.negations):
                continue
            lo, hi = _sentence(text, start, end)
            taken.append((start, end))
            before = _fold(text[max(lo, start - _CONTRAST_REACH) : start + 2])  # a glued prefix: "להבדיל מהסקירות"
            factor = book.contrast_factor if any(contrast in before for contrast in book.contrasts) else 1.0
            found.append(_Reference(cue, match, text[lo:hi], _evidence(text, start, end), factor))
    return sorted(found, key=lambda ref: ref.match.start())


def reference_cues(text: str, book: CueBook | None = None) -> list[tuple[int, int]]:
    """Where ``text`` refers to another review of the series: the span of each cue phrase (``extract/data/cues.yaml``)
    that no negation undoes, in order.

    Examples
    --------
    >>> text = "המאמר מציע שיטה חדשה. את LoRA סקרנו אתמול, ולא סקרנו את DoRA."
    >>> [text[start:end] for start, end in reference_cues(text)]
    ['סקרנו אתמול']
    """
    return [ref.match.span() for ref in _references(text, book or load_cues())]


@lru_cache(maxsize=256)
def _literal(text: str) -> re.Pattern[str]:
    """``text`` as a pattern of itself (compiled once: every review looks for every anchor)."""
    return re.compile(re.escape(text))


def _anchor_regions(lowered: str, anchors: tuple[str, ...]) -> list[tuple[int, int]]:
    """Stretches of text around the anchor words: the only places a cue can match."""
    spans = sorted(
        (max(0, at - _ANCHOR_REACH), at + _ANCHOR_REACH)
        for anchor in anchors
        for at in (m.start() for m in _literal(anchor).finditer(lowered))
    )
    regions: list[tuple[int, int]] = []
    for lo, hi in spans:
        if regions and lo <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], hi))
        else:
            regions.append((lo, hi))
    return [(lo, min(hi, len(lowered))) for lo, hi in regions]


def _group(match: re.Match[str], name: str) -> str | None:
    for key, value in match.groupdict().items():
        if value is not None and (key == name or key.startswith(name + "__") or key.rstrip("0123456789") == name):
            return value
    return None


def _count(ref: _Reference, book: CueBook) -> int | None:
    if ref.cue.count:
        return int(ref.cue.count)
    raw = _group(ref.match, "count") or _group(ref.match, "days")
    if raw is None:
        return None
    if raw.isdigit():
        return int(raw)
    raw = _fold(raw)
    if raw.endswith("יומיים") or raw.endswith("ימיים"):
        return 2
    return book.numbers.get(raw)


# --- topic terms ---------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    text: str
    script: str  # "latin" | "hebrew" | "concept" (a lexicon concept: ``text`` is its canonical name)
    weight: float


def _strip_article(word: str) -> str:
    return word[1:] if len(word) > 4 and word[0] == "ה" else word


def _hebrew_pattern(phrase: str) -> re.Pattern[str]:
    parts = []
    for word in phrase.split():
        stem = re.sub(r"(ים|ות|י)$", "", word) if len(word) > 4 else word
        parts.append(f"(?<![\u05d0-\u05ea])[{_HEBREW_PREFIXES}]{{0,3}}-?{re.escape(stem)}[\u05d0-\u05ea]{{0,3}}(?![\u05d0-\u05ea])")
    return re.compile(r"\s+".join(parts))


@lru_cache(maxsize=4096)
def _term_pattern(text: str, script: str, knowledge: Knowledge) -> re.Pattern[str]:
    if script == "concept":
        return _names_pattern(_lexicon_index(knowledge)[0].get(text, (text,)))
    if script == "hebrew":
        return _hebrew_pattern(text)
    words = [re.escape(w) for w in text.split()]
    return re.compile(r"(?<![A-Za-z0-9])" + r"[\s-]+".join(words) + r"(?:s|es)?(?![A-Za-z0-9])", re.IGNORECASE)


def _names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Any of ``names``, as a whole word, Hebrew prefixes allowed, case ignored."""
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?") for name in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:[{_HEBREW_PREFIXES}]{{1,3}}-?)?(?P<name>{alternatives})(?:s|es)?(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _lexicon_index(knowledge: Knowledge) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Concept names by canonical name, and canonical name by lower-cased alias."""
    names = {entry.name: tuple(n for n in entry.names if len(n) >= 2) for entry in knowledge.lexicon.values()}
    owner = {name.lower(): canonical for canonical, all_names in names.items() for name in all_names}
    return names, owner


@lru_cache(maxsize=1)
def _aliases_by_pair(knowledge: Knowledge) -> dict[str, list[tuple[int, str]]]:
    """The lexicon's lower-cased aliases (every one two characters or more) by their first two characters, each
    with its place in the order of :func:`_lexicon_index`."""
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for position, alias in enumerate(_lexicon_index(knowledge)[1]):
        index[alias[:2]].append((position, alias))
    return index


def _concepts_in(text: str, owner: dict[str, str]) -> Iterator[tuple[str, int, int]]:
    """``(canonical name, start, end)`` of every lexicon alias written in ``text``."""
    lowered = text.lower()
    for alias, canonical in owner.items():
        at = lowered.find(alias)
        while at >= 0:
            end = at + len(alias)
            before = lowered[:at].rstrip("-")
            head = re.search(rf"[{_HEBREW_PREFIXES}]{{0,3}}$", before)
            start = head.start() if head else at
            if (start == 0 or not lowered[start - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum() or lowered[end] == "s"):
                yield canonical, at, end
                break
            at = lowered.find(alias, at + 1)


@lru_cache(maxsize=4096)
def _needles(text: str, script: str, knowledge: Knowledge, whole: bool = False) -> tuple[str, ...]:
    """Lower-case substrings one of which a text must hold to match the term (a cheap first test);
    ``whole`` gives whole names rather than their first words."""
    if script == "hebrew":
        return tuple(re.sub(r"(ים|ות|י)$", "", word) if len(word) > 4 else word for word in text.split()[:1])
    names = _lexicon_index(knowledge)[0].get(text, (text,)) if script == "concept" else (text,)
    return tuple(dict.fromkeys(name.lower() if whole else name.lower().split()[0] for name in names))


def _concept_names(review: Review) -> set[str]:
    names = set()
    for concept in review.concepts:
        names.add(_fold(str(concept.get("name", ""))))
        names.update(_fold(str(a)) for a in concept.get("aliases") or ())
    names.discard("")
    return names


def _main_concepts(review: Review, top: int) -> list[str]:
    ranked = sorted(review.concepts, key=lambda c: (-float(c.get("salience", 0.0)), -int(c.get("count", 1))))
    return [_fold(str(c["name"])) for c in ranked[:top] if c.get("name")]


def _link(target: Review, ref: _Reference, confidence: float) -> dict[str, Any]:
    return {
        "target": target.id,
        "kind": ref.cue.kind,
        "evidence": ref.evidence,
        "confidence": round(max(0.05, min(1.0, confidence * ref.factor)), 2),
    }


class _Calendar:
    """The reviews in posting order, with what resolving references needs."""

    def __init__(self, reviews: Sequence[Review], knowledge: Knowledge):
        self.reviews = reviews
        self.knowledge = knowledge
        self.book = knowledge.cues
        self.days = [posting_day(review) for review in reviews]
        self.bodies = [_body(review) for review in reviews]
        self.lowered = [body.lower() for body in self.bodies]
        self._frequency: dict[tuple[str, str], float] = {}
        self._names: dict[int, set[str]] = {}

    # -- topics --

    def terms(self, ref: _Reference, index: int, nearest: bool = False) -> list[_Term]:
        """Specific words around the cue that another review could share.

        With ``nearest``, only what the cue is about: the closest term on
        either side (what "X שסקרתי בזמנו" or "חוזרים לנושא X" names).
        """
        book, body = self.book, self.bodies[index]
        cue_start, cue_end = ref.match.span()
        lo, hi = _sentence(body, cue_start, cue_end)
        lo, hi = max(lo, cue_start - _TOPIC_LEFT), min(hi, cue_end + _TOPIC_RIGHT)
        found: list[tuple[int, _Term, int, int]] = []

        def add(text: str, script: str, weight: float, start: int, end: int) -> None:
            key = _fold(text)
            if len(key) < 2 or key in book.generic_terms or (cue_start < end and start < cue_end):
                return
            distance = cue_start - end if end <= cue_start else start - cue_end
            weight *= self.specificity(text.strip(), script)
            if weight >= _MIN_TERM_WEIGHT:
                found.append((distance, _Term(text.strip(), script, weight), start, end))

        def spelled(words: list[str]) -> str:
            return " ".join(book.expansions.get(_fold(w), w) for w in words)

        for match in _QUOTED.finditer(body, lo, hi):
            if re.search(r"[A-Za-z]", match.group(1)):
                add(spelled(match.group(1).split()), "latin", 1.5, *match.span())
        for match in _LATIN_PHRASE.finditer(body, lo, hi):
            words = match.group(0).split()
            if len(words) > 1:
                add(spelled(words), "latin", 1.2, *match.span())
            for word in re.finditer(r"\S+", match.group(0)):
                text = word.group(0)
                if len(text) >= 3 or (text.isupper() and len(text) >= 2):
                    add(text, "latin", 1.0, match.start() + word.start(), match.start() + word.end())
        markers = set(book.topic_markers)
        words = list(_HEBREW_WORD.finditer(body, lo, hi))
        for position, word in enumerate(words[:-1]):
            text = word.group(0)
            if text in markers or (text[:1] in "בל" and text[1:] in markers):
                following = words[position + 1 : position + 3]
                if body[word.end() : following[0].start()].strip():
                    continue  # the marker's object is not a Hebrew word
                heads = [_strip_article(w.group(0)) for w in following]
                if any(w.group(0) in book.hebrew_stopwords or h in book.hebrew_stopwords for w, h in zip(following, heads)):
                    following, heads = following[:1], heads[:1]
                if following[0].group(0) in book.hebrew_stopwords or heads[0] in book.hebrew_stopwords:
                    continue
                if len(following) == 2 and body[following[0].end() : following[1].start()].strip() == "":
                    add(" ".join(heads), "hebrew", 0.8, following[0].start(), following[1].end())
                if text.endswith("נושא") and len(heads[0]) >= 4:
                    add(heads[0], "hebrew", 0.8, *following[0].span())
        own = {str(n).lower(): str(c["name"]) for c in self.reviews[index].concepts for n in (c.get("name"), *(c.get("aliases") or ())) if n and len(str(n)) >= 2}
        for canonical, start, end in _concepts_in(body[lo:hi], self._owners_in(body[lo:hi].lower(), own)):
            if _fold(canonical) not in book.generic_terms:
                add(canonical, "concept", 1.5, lo + start, lo + end)
        terms: dict[str, tuple[int, bool, _Term]] = {}
        concept_spans = [(start, end) for _, term, start, end in found if term.script == "concept"]
        for distance, term, start, end in sorted(found, key=lambda item: (item[0], item[1].script != "concept")):
            if term.script == "concept" or not any(a <= start and end <= b for a, b in concept_spans):
                terms.setdefault(_fold(term.text), (distance, end <= cue_start, term))
        if not nearest:
            return [term for _, _, term in terms.values()]
        # what the cue names: the closest named thing and those beside it on the same side
        named = [(distance, left) for distance, left, term in terms.values() if term.script != "hebrew"]
        if not named:
            return [term for distance, _, term in terms.values() if distance <= _NEAREST_SLACK]
        closest, side = min(named)
        if closest > _NEAREST_REACH:
            return []
        return [
            term
            for distance, left, term in terms.values()
            if distance <= _TOPIC_LEFT and left == side and distance <= closest + (_NEAREST_SLACK if term.script == "hebrew" else _SAME_SIDE_SLACK)
        ]

    def _owners_in(self, lowered: str, own: dict[str, str]) -> dict[str, str]:
        """The lexicon's aliases, then the review's own (``own``, which win), that ``lowered`` may hold, in that order:
        only those whose first two characters ``lowered`` has (the lexicon's thousands of aliases go unsearched)."""
        _, owner = _lexicon_index(self.knowledge)
        by_pair = _aliases_by_pair(self.knowledge)
        pairs = set(map(operator.add, lowered, lowered[1:]))
        present = sorted(item for pair in pairs for item in by_pair.get(pair, ()))
        candidates = {alias: own.get(alias, owner[alias]) for _, alias in present}
        candidates.update((alias, canonical) for alias, canonical in own.items() if alias not in owner)
        return candidates

    def specificity(self, text: str, script: str) -> float:
        """1 for a term few reviews use, falling towards 0 for one most reviews use."""
        key = (text.lower(), script)
        if key not in self._frequency:
            needles = _needles(text, script, self.knowledge, whole=True)
            exact = any(len(n) <= 3 for n in needles)  # a short name inside a longer word is no use
            pattern = _term_pattern(text, script, self.knowledge) if exact else None  # compiled only when used
            share = sum(
                1 for body, lowered in zip(self.bodies, self.lowered) if any(n in lowered for n in needles) and (not exact or pattern.search(body))
            ) / (len(self.bodies) + _PRIOR_REVIEWS)
            self._frequency[key] = max(0.0, min(1.0, 1.15 - 2.5 * share))
        return self._frequency[key]

    def strength(self, terms: Sequence[_Term], index: int) -> tuple[float, bool, list[float]]:
        """How strongly ``reviews[index]`` is about the terms, whether its title
        names a specific one, and the score of each term."""
        candidate = self.reviews[index]
        title, body = candidate.title or "", self.bodies[index]
        names = self._names.get(index)
        if names is None:
            names = self._names[index] = _concept_names(candidate)
        strength, in_title, scores = 0.0, False, []
        lowered, lowered_title = self.lowered[index], title.lower()
        for term in terms:
            score = 0.0
            if not any(n in lowered or n in lowered_title for n in _needles(term.text, term.script, self.knowledge)):
                scores.append(score)
                continue
            pattern = _term_pattern(term.text, term.script, self.knowledge)
            if pattern.search(title):
                score += 3.0
                in_title = in_title or term.weight >= 0.8
            if _fold(term.text) in names:
                score += 2.0
            score += 0.5 * sum(1 for _ in itertools.islice(pattern.finditer(body), 6))  # up to 6: no need to scan on
            strength += term.weight * score
            scores.append(score)
        return strength, in_title, scores

    # -- calendar --

    def previous(self, index: int) -> int | None:
        """The review posted before ``reviews[index]``: the latest one of an earlier date."""
        today = self.days[index]
        for earlier in range(index - 1, -1, -1):
            if today is None or self.days[earlier] is None or self.days[earlier] < today:
                return earlier
        return None

    def recent(self, index: int, max_reviews: int, max_days: int) -> list[int]:
        """Up to ``max_reviews`` reviews before ``reviews[index]`` within ``max_days``, latest first."""
        today, found = self.days[index], []
        for earlier in range(index - 1, max(-1, index - 1 - max_reviews), -1):
            day = self.days[earlier]
            if today is not None and day is not None and (today - day).days > max_days:
                break
            found.append(earlier)
        return found

    # -- resolution rules (see cues.yaml) --

    def resolve(self, ref: _Reference, index: int) -> list[tuple[int, dict[str, Any]]]:
        """``(source index, link)`` pairs for one reference found in ``reviews[index]``."""
        rule, reviews = ref.cue.resolve, self.reviews
        if rule == "next":
            return [] if index + 1 >= len(reviews) else [(index + 1, _link(reviews[index], ref, ref.cue.confidence))]
        if rule == "previous":
            previous = self.previous(index)
            links = [] if previous is None else [_link(reviews[previous], ref, ref.cue.confidence)]
        elif rule == "count":
            count = _count(ref, self.book) or 0
            links = [_link(reviews[i], ref, ref.cue.confidence) for i in range(index - 1, max(-1, index - 1 - count), -1)] if count <= 10 else []
        else:
            links = getattr(self, f"_resolve_{rule}")(ref, index)
        return [(index, link) for link in links]

    def _resolve_date(self, ref: _Reference, index: int) -> list[dict[str, Any]]:
        today = self.days[index]
        try:
            day, month = int(_group(ref.match, "day") or 0), int(_group(ref.match, "month") or 0)
            raw_year = _group(ref.match, "year")
            year = (2000 + int(raw_year) if len(raw_year) == 2 else int(raw_year)) if raw_year else None
            if year is None:
                if today is None:
                    return []
                year = today.year if date(today.year, month, day) <= today else today.year - 1
            named = date(year, month, day)
        except ValueError:
            return []
        if today is not None and not (today - timedelta(days=400) <= named < today):
            return []
        exact = [i for i in range(index) if self.days[i] == named]
        if exact:
            return [_link(self.reviews[exact[0]], ref, ref.cue.confidence)]
        # the named day may be a headerless review whose date was inferred a day off
        near = [
            i
            for i in range(index)
            if self.days[i] is not None and abs((self.days[i] - named).days) == 1 and self.reviews[i].date_confidence != "printed"
        ]
        return [_link(self.reviews[near[-1]], ref, ref.cue.confidence - 0.25)] if near else []

    def _resolve_days_ago(self, ref: _Reference, index: int) -> list[dict[str, Any]]:
        """"N days ago": N posting days back, or a review on about that calendar day the sentence names."""
        days = _count(ref, self.book)
        if not days or index < days:
            return []
        by_posting = index - days
        candidates = {by_posting}
        today = self.days[index]
        if today is not None:
            wanted = {today - timedelta(days=days + shift) for shift in (-1, 0, 1)}
            candidates.update(i for i in range(index) if self.days[i] in wanted)
        terms = self.terms(ref, index)
        scored = sorted(((self.strength(terms, i)[1], i == by_posting, i) for i in candidates), reverse=True)
        return [_link(self.reviews[scored[0][2]], ref, ref.cue.confidence)]

    def _resolve_line(self, ref: _Reference, index: int) -> list[dict[str, Any]]:
        """"Continuing the line of recent reviews [on X]": the recent reviews about X, else the previous one."""
        terms = self.terms(ref, index)
        recent = self.recent(index, ref.cue.max_reviews, ref.cue.max_days)
        strengths = {i: self.strength(terms, i)[0] for i in recent} if terms else {}
        top = max(strengths.values(), default=0.0)
        if top > 0:
            matching = [i for i in recent if strengths[i] >= min(top, max(1.0, 0.3 * top))]
            return [_link(self.reviews[i], ref, ref.cue.confidence) for i in matching]
        previous = self.previous(index)
        return [] if previous is None else [_link(self.reviews[previous], ref, ref.cue.confidence - 0.15)]

    def _resolve_topic(self, ref: _Reference, index: int) -> list[dict[str, Any]]:
        """A vague "I reviewed this before": the latest earlier review about the same thing, or nothing."""
        today, cue = self.days[index], ref.cue

        def in_window(i: int) -> bool:
            day = self.days[i]
            if today is None or day is None:
                return index - i <= cue.max_reviews
            return cue.min_days <= (today - day).days <= cue.max_days

        window = [i for i in range(index - 1, -1, -1) if in_window(i)]
        terms = self.terms(ref, index, nearest=True)
        if terms:
            # every named thing must be there (Hebrew words not in the lexicon only help)
            required = [k for k, term in enumerate(terms) if term.script != "hebrew"] or list(range(len(terms)))
            scored = {i: self.strength(terms, i) for i in window}
            strong = [i for i in window if scored[i][0] >= 2.0 and all(scored[i][2][k] >= 1.0 for k in required)]
            limit = self.book.topic_max_matches
            if not strong or (limit is not None and len(strong) > limit):
                return []  # a topic that many reviews share names none of them
            top = max(scored[i][0] for i in strong)
            best = next(i for i in strong if scored[i][0] >= 0.8 * top)  # the latest of the strongest
            return [_link(self.reviews[best], ref, cue.confidence + (0.25 if scored[best][1] else 0.0))]
        main = {name for name in _main_concepts(self.reviews[index], 3) if name not in self.book.generic_terms}
        main = {name for name in main if self.specificity(name, "concept") >= 0.5}
        for i in window:
            if len(main & set(_main_concepts(self.reviews[i], 5))) >= 2:
                return [_link(self.reviews[i], ref, cue.confidence - 0.15)]
        return []


def _keep_best(links: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One link per target: the most confident, then the most specific kind."""
    best: dict[str, dict[str, Any]] = {}
    for link in links:
        known = best.get(link["target"])
        rank = (link["confidence"], -_KIND_RANK[link["kind"]])
        if known is None or rank > (known["confidence"], -_KIND_RANK[known["kind"]]):
            best[link["target"]] = link
    return list(best.values())


def link_continuations(reviews: list[Review], knowledge: Knowledge | None = None) -> None:
    """Fill ``review.continues`` of every review, in place.

    Parameters
    ----------
    reviews : list of Review
        The whole series in posting order (the calendar references resolve
        against); ``concepts`` filled beforehand help vague references.
    knowledge : Knowledge, optional
        Cue phrases and lexicon (:func:`~graphkb.extract.knowledge.load_knowledge`); the shipped ones by default.

    Examples
    --------
    >>> from graphkb.records import Review
    >>> fri = Review(id="2024-06-21", date="2024-06-21", text="NER. מאמר מעניין - מחר ההמשך...")
    >>> sat = Review(id="2024-06-22", date="2024-06-22", text="GLiNER.")
    >>> link_continuations([fri, sat])
    >>> sat.continues[0]["target"], sat.continues[0]["kind"]
    ('2024-06-21', 'announced_followup')
    """
    calendar = _Calendar(reviews, knowledge or load_knowledge())
    found: list[list[dict[str, Any]]] = [[] for _ in reviews]
    for index, review in enumerate(reviews):
        for ref in _references(calendar.bodies[index], calendar.book):
            for source, link in calendar.resolve(ref, index):
                if link["target"] != reviews[source].id:
                    found[source].append(link)
    order = {review.id: position for position, review in enumerate(reviews)}
    for review, links in zip(reviews, found):
        review.continues = sorted(_keep_best(links), key=lambda link: -order.get(link["target"], 0))

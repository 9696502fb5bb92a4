"""Each review's concepts and entities, under one canonical name whatever the spelling or script.

:func:`annotate_concepts` runs the matching pipeline (:mod:`graphkb.extract.matching`) over each review's title
and body, sets aside mentions their sentence negates, contrasts or uses in another sense
(:mod:`graphkb.extract.context`), credits acronyms the text defines (:mod:`graphkb.extract.acronyms`), adds
concepts the lexicon lacks (:mod:`graphkb.extract.discovery`), and fills ``review.concepts`` (count, salience,
evidence, the signals of :mod:`graphkb.extract.aboutness`) and ``review.entities``.  :func:`concept_mentions` shows a
curator every place the same collection reads one concept, and why a place does not count; :func:`thin_mentions`
the places of the concepts a review keeps on a mention or two, the likeliest to be a word in another sense.

Examples
--------
>>> from graphkb.records import Review
>>> review = Review(id="x", date="2024-06-20", title="Mamba-2",
...                 text="המאמר משווה את ממבה ל-DPO. וב-RLHF משתמשים ב-PPO.")
>>> _ = annotate_concepts([review])
>>> sorted(c["name"] for c in review.concepts)
['DPO', 'Mamba', 'PPO', 'RLHF']
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from graphkb.extract.acronyms import ACRONYM, find_acronym_definitions
from graphkb.extract.context import ContextCheck, load_context_rules
from graphkb.extract.continuations.resolution import reference_cues
from graphkb.extract.discovery import DISCOVERED_KIND, TERM_SHAPE, name_spellings, title_method_name, unify_discovered
from graphkb.extract.entities import load_entities
from graphkb.extract.folding import fold, hebrew_prefix_variants
from graphkb.extract.datafiles import cached_json
from graphkb.extract.knowledge import RULES_PATH, load_rules
from graphkb.extract.lexicon import LEXICON_PATH, load_lexicon
from graphkb.extract.latin_terms import term_key
from graphkb.extract import transliteration
from graphkb.extract.transliteration import TRANSLITERATION_PATH, TransliterationIndex, TransliterationRules, phonetic_keys, vowels_agree
from graphkb.extract.matching import HEBREW_LETTER, TokenView, build_pipeline, clean_text, strip_hebrew_prefix, token_view
from graphkb.records import Review

__all__ = ["annotate_concepts", "concept_mentions", "thin_mentions"]

_SENTENCE_ENDS = ".!?\n"
_SENTENCE_END = re.compile(r"[.!?\n]")  # any of _SENTENCE_ENDS
_LATIN_RUN = re.compile(r"[A-Za-z]+")


@dataclass
class _Mention:
    """What a review says of one concept."""

    name: str
    kind: str
    broader: tuple[str, ...] = ()
    generic: bool = False
    count: int = 0
    in_title: bool = False
    in_opening: bool = False
    places: list[tuple[int | None, str]] = field(default_factory=list)  # (body character, None in the title; the words)
    aliases: dict[str, None] = field(default_factory=dict)
    spellings: set[str] = field(default_factory=set)

    @property
    def chars(self) -> list[int]:
        """Where the body names it."""
        return [char for char, _ in self.places if char is not None]

    @property
    def first_char(self) -> int | None:
        return min(self.chars, default=None)

    def add(self, surface: str, char: int | None, *, title: bool, opening: bool) -> None:
        self.count += 1
        self.spellings.add(surface)
        self.in_title |= title
        self.in_opening |= opening
        self.places.append((char, surface))
        if surface.casefold() != self.name.casefold():
            self.aliases.setdefault(surface)


class _Match(NamedTuple):
    """A matcher span as plain values (a spaCy ``Span`` builds its tokens again for each attribute read)."""

    label: str
    start: int
    end: int


# a lexicon match as the context checks read it: (in the title, the tokens of its part, the match, its sentence's
# first and end token, the words of the review's other part)
_Place = tuple[bool, TokenView, _Match, tuple[int, int], Sequence[str]]


def _matches(doc: Doc, key: str) -> list[_Match]:
    return [_Match(span.label_, span.start, span.end) for span in doc.spans[key]]


def _written(text: str, view: TokenView, start: int, end: int) -> str:
    """The text of tokens ``start``…``end`` of the doc of ``text`` (a ``Span.text`` without the Span)."""
    return text[view.starts[start] : view.starts[end - 1] + len(view.texts[end - 1])]


def _surface(text: str, view: TokenView, match: _Match, rules: dict[str, Any]) -> str:
    """A match as the review wrote it, without a glued Hebrew prefix ("ובמודלי דיפוזיה" -> "מודלי דיפוזיה")."""
    first_text, first_norm = view.texts[match.start], view.norms[match.start]
    written = _written(text, view, match.start, match.end)
    if HEBREW_LETTER.match(first_norm) and first_norm != first_text.lower() and first_text.endswith(first_norm):
        return first_norm + written[len(first_text):]
    return strip_hebrew_prefix(written, rules)


def _evidence(text: str, char: int | None, limit: int = 300) -> str | None:
    if char is None or not text:
        return None
    start = max(text.rfind(end, 0, char) for end in _SENTENCE_ENDS) + 1  # after the last end before ``char``, or 0
    following = _SENTENCE_END.search(text, char)
    end = following.end() if following else len(text)
    sentence = " ".join(text[start:end].split())
    if len(sentence) > limit:
        offset = max(0, char - start - limit // 3)
        sentence = "…" + sentence[offset : offset + limit].strip() + "…"
    return sentence


def _keeps(mention: _Mention, rules: dict[str, Any]) -> bool:
    """Whether a review's mentions of a concept make it one of the review's concepts."""
    if mention.in_title:
        return True
    if mention.generic:
        return mention.count >= int(rules["generic_min_mentions"])
    return mention.in_opening or mention.count >= int(rules["min_mentions"])


def _salience(mention: _Mention, rules: dict[str, Any]) -> float:
    frequency = min(1.0, mention.count / float(rules["frequency_saturation"]))
    value = (
        rules["title_weight"] * mention.in_title
        + rules["opening_weight"] * mention.in_opening
        + rules["frequency_weight"] * frequency
    )
    if mention.generic:
        value *= rules["generic_salience_factor"]  # a broad concept yields its place to specific ones
    return round(min(1.0, value), 3)


def _tokens_holding(text: str, view: TokenView, pattern: re.Pattern[str]) -> set[int]:
    """Indices of the tokens of the doc of ``text`` that hold a match of ``pattern`` (one that spans no space): the
    matches found in one pass over the text, then placed among the tokens, rather than a search per token."""
    found: set[int] = set()
    for match in pattern.finditer(text):
        found.update(range(bisect.bisect_right(view.starts, match.start()) - 1, bisect.bisect_left(view.starts, match.end())))
    return found


def _sentence_starts(text: str, view: TokenView) -> list[tuple[int, int]]:
    """For each token of the doc of ``text``, the (first, end) token indices of its sentence: a sentence ends
    with a token holding ".", "!", "?" or a line break (found in the text, then placed among the tokens).

    >>> from graphkb.extract.matching import build_pipeline
    >>> text = "A b. C\\nd e"
    >>> _sentence_starts(text, token_view(build_pipeline()(text)))
    [(0, 2), (0, 2), (2, 4), (2, 4), (4, 6), (4, 6)]
    """
    if not view.texts:
        return []
    ends = _tokens_holding(text, view, _SENTENCE_END)
    bounds: list[tuple[int, int]] = []
    first = 0
    for end in sorted(ends | {len(view.texts) - 1}):
        bounds.extend([(first, end + 1)] * (end + 1 - first))
        first = end + 1
    return bounds


# rapidfuzz ratio from which an acronym's long form is a misspelt lexicon name: one or two letters off in a
# name of two or more words ("domain adaption" is 94 from "domain adaptation")
NEAR_NAME_SIMILARITY = 90


class _ReviewConcepts:
    """Collects one review's concept and entity mentions from its title and body docs."""

    def __init__(
        self, title: str, title_doc: Doc, body: str, body_doc: Doc, rules: dict[str, Any], lexicon, entities, context: ContextCheck,
        phrase_names: Mapping[str, str],
    ):
        self.rules = rules
        self.phrase_names = phrase_names
        self.title, self.body = title, body
        self.title_doc, self.body_doc = title_doc, body_doc
        self.body_view = token_view(body_doc)
        self.body_sentences = _sentence_starts(body, self.body_view)
        # sentences that point at another review ("X שסקרנו אתמול"): what they name is that review's topic
        self.reference_sentences = {self._sentence_of(start) for start, _ in reference_cues(body)}
        self.mentions: dict[str, _Mention] = {}
        self.entity_counts: Counter[str] = Counter()
        self.entities = entities
        self.lexicon = lexicon
        self.covered: set[int] = set()  # body token indices inside a concept or entity match
        self._token_keys: dict[str, list[int]] | None = None
        self._latin: list[int] | None = None
        self.context = context
        self.set_aside: list[tuple[str, int | None, str, str]] = []  # (concept, body char or None, written, why) of each
        # mention a context check does not count
        opening_end = int(rules["opening_chars"])
        title_words = token_view(title_doc).texts
        self.title_concepts, self.body_concepts = _matches(title_doc, "concepts"), _matches(body_doc, "concepts")
        parts = ((title_doc, self.title_concepts, True), (body_doc, self.body_concepts, False))
        places: list[_Place] = []  # every lexicon match of the title and the body
        for doc, concepts, in_title in parts:
            view = token_view(doc)
            sentence_starts = [(0, len(view.texts))] * len(view.texts) if in_title else self.body_sentences
            other_part = self.body_view.texts if in_title else title_words
            places += [(in_title, view, match, sentence_starts[match.start], other_part) for match in concepts]
        self.prevailing = self._prevailing_senses(places)
        for in_title, view, match, (first, last), other_part in places:
            entry = lexicon[match.label]
            text = title if in_title else body
            reason = context.reason(
                view.texts, match.start, entry.name, sentence_start=first, sentence_end=last, end=match.end,
                review=other_part, prevailing=self.prevailing,
            )
            if reason:
                self.set_aside.append((entry.name, None if in_title else view.starts[match.start], _surface(text, view, match, rules), reason))
                if not in_title:
                    self.covered.update(range(match.start, match.end))
                continue
            mention = self._mention(entry.name, entry.kind, entry.broader, entry.generic)
            start_char = view.starts[match.start]
            mention.add(_surface(text, view, match, rules), None if in_title else start_char, title=in_title, opening=not in_title and start_char < opening_end)
            if not in_title:
                self.covered.update(range(match.start, match.end))
        for doc, concepts, in_title in parts:
            # concept spans do not overlap (filter_spans), so the one holding an entity's first token is the only candidate
            concept_at = {token: (match.start, match.end) for match in concepts for token in range(match.start, match.end)}
            for entity in _matches(doc, "entities"):
                start, end = concept_at.get(entity.start, (entity.start, entity.start))
                if entity.end <= end and end - start > entity.end - entity.start:
                    continue  # "Meta" inside "Meta-learning"
                self.entity_counts[entity.label] += 1
                if not in_title:
                    self.covered.update(range(entity.start, entity.end))

    def _prevailing_senses(self, places: Sequence[_Place]) -> dict[str, bool]:
        """The sense each concept with a sense check shows in this review: the one most of its mentions' windows
        speak for (one sense per discourse), which then decides the mentions whose window says nothing."""
        votes: dict[str, Counter[bool]] = defaultdict(Counter)
        for in_title, view, match, (first, last), other_part in places:
            name = self.lexicon[match.label].name
            if name not in self.context.rules.senses:
                continue
            evidence = self.context.sense_evidence(
                view.texts, match.start, name, sentence_start=first, sentence_end=last, end=match.end, review=other_part
            )
            if evidence is not None:
                votes[name][evidence] += 1
        return {name: count[True] > count[False] for name, count in votes.items() if count[True] != count[False]}

    def _mention(self, name: str, kind: str, broader: tuple[str, ...] = (), generic: bool = False) -> _Mention:
        mention = self.mentions.get(name)
        if mention is None:
            mention = self.mentions[name] = _Mention(name, kind, broader, generic)
        return mention

    def _body_tokens_spelling(self, surface: str) -> list[int]:
        """Indices of body tokens (outside other matches) that spell ``surface``, plural and Hebrew prefix aside."""
        if self._token_keys is None:
            self._token_keys = defaultdict(list)
            for index in self._latin_tokens():
                self._token_keys[term_key(strip_hebrew_prefix(self.body_view.texts[index], self.rules))].append(index)
        return [index for index in self._token_keys.get(term_key(surface), ()) if index not in self.covered]

    def _latin_tokens(self) -> list[int]:
        """Indices of the body tokens that hold a Latin letter, in order."""
        if self._latin is None:
            self._latin = sorted(_tokens_holding(self.body, self.body_view, _LATIN_RUN))
        return self._latin

    def _add_body_tokens(self, mention: _Mention, surface: str, indices: Iterable[int]) -> None:
        opening_end = int(self.rules["opening_chars"])
        for index in indices:
            char = self.body_view.starts[index]
            mention.add(surface, char, title=False, opening=char < opening_end)
            self.covered.add(index)

    def _add_body_phrase(self, mention: _Mention, phrase: str) -> None:
        """Credit the body's spellings of a title's method name the tokenizer splits ("GSM-Symbolic", "Time-MoE"),
        written as the title writes it: one mention each, whatever else its parts name."""
        opening_end, starts = int(self.rules["opening_chars"]), self.body_view.starts
        for match in name_spellings(self.body, phrase):
            tokens = range(bisect.bisect_right(starts, match.start()) - 1, bisect.bisect_left(starts, match.end()))
            mention.add(phrase, starts[tokens[0]], title=False, opening=starts[tokens[0]] < opening_end)
            self.covered.update(tokens)

    def add_acronym_definitions(self) -> set[str]:
        """Credit acronyms the body defines to their long form's concept (lexicon or discovered)."""
        defined: set[str] = set()
        concepts = self.body_concepts
        lexicon_names = {fold(_written(self.body, self.body_view, match.start, match.end)) for match in concepts}
        for definition in find_acronym_definitions(self.body_doc, self.rules):
            defined.add(definition.acronym)
            match = next((m for m in concepts if m.start < definition.end and definition.start < m.end), None)
            if match is not None:
                mention = self.mentions[match.label]
            elif fold(definition.acronym) in lexicon_names:
                continue  # the acronym itself is a lexicon name: already counted
            elif (near := _near_lexicon_name(definition.long_form, self.phrase_names)) is not None:
                entry = self.lexicon[near]
                mention = self._mention(entry.name, entry.kind, entry.broader, entry.generic)
                mention.add(definition.long_form, self.body_view.starts[definition.start], title=False, opening=False)
            else:
                mention = self._mention(" ".join(definition.long_form.replace(" - ", "-").split()), DISCOVERED_KIND)
                mention.add(definition.long_form, self.body_view.starts[definition.start], title=False, opening=False)
            self.covered.update(range(definition.start, definition.end))
            self._add_body_tokens(mention, definition.acronym, self._body_tokens_spelling(definition.acronym))
        return defined

    def add_transliterations(self, spelled: Mapping[str, str]) -> None:
        """Credit Hebrew-letter spellings of English names the lexicon does not list ("בטוקנייזר" -> tokenization),
        ``spelled`` maps each such word to its concept (see :func:`_transliterated_words`), unless the sentence sets
        the mention aside."""
        view, opening_end = self.body_view, int(self.rules["opening_chars"])
        sentences = self.body_sentences
        for position, end, text in _hebrew_words(view):
            if text not in spelled or not self.covered.isdisjoint(range(position, end)):
                continue
            entry = self.lexicon[spelled[text]]
            first, last = sentences[position]
            reason = self.context.reason(
                view.texts, position, entry.name, sentence_start=first, sentence_end=last, end=end, prevailing=self.prevailing
            )
            if reason:
                self.set_aside.append((entry.name, view.starts[position], strip_hebrew_prefix(text, self.rules), reason))
                continue
            mention = self._mention(entry.name, entry.kind, entry.broader, entry.generic)
            mention.add(strip_hebrew_prefix(text, self.rules), view.starts[position], title=False, opening=view.starts[position] < opening_end)
            self.covered.update(range(position, end))

    def discover(self, defined: set[str]) -> None:
        """Method names in the title and Latin-script terms the body repeats, as ``discovered`` concepts."""
        rules = self.rules
        stop_words = rules["stop_words"]
        name = title_method_name(self.title, rules)
        if name and not any(match.start == 0 for match in self.title_concepts):
            mention = self._mention(name, DISCOVERED_KIND)
            mention.add(name, None, title=True, opening=False)
            if " " not in name and "-" not in name:
                self._add_body_tokens(mention, name, self._body_tokens_spelling(name))
            else:
                self._add_body_phrase(mention, name)
        terms: dict[str, list[int]] = defaultdict(list)
        for index in self._latin_tokens():
            if index in self.covered:
                continue
            text = strip_hebrew_prefix(self.body_view.texts[index], rules)
            if text in defined or len(text) < int(rules["min_discovered_length"]) or not TERM_SHAPE.match(text):
                continue
            if text.casefold() in stop_words or text.rstrip("s").casefold() in stop_words:
                continue
            terms[term_key(text)].append(index)
        for indices in terms.values():
            spellings = Counter(strip_hebrew_prefix(self.body_view.texts[i], rules) for i in indices)
            surface = spellings.most_common(1)[0][0]
            # an undefined all-capitals acronym is as often hardware, a baseline or OCR debris ("SRAM", "LRU")
            least = rules["min_discovered_acronym_mentions"] if surface.isupper() else rules["min_discovered_mentions"]
            if len(indices) < int(least):
                continue
            self._add_body_tokens(self._mention(surface, DISCOVERED_KIND), surface, indices)
        for mention in self.mentions.values() if self.title else ():
            if mention.kind == DISCOVERED_KIND and not mention.in_title and any(name_spellings(self.title, mention.name)):
                mention.add(mention.name, None, title=True, opening=False)

    def _lexicon_aliases(self, name: str) -> tuple[str, ...]:
        entry = self.lexicon.get(name)
        return entry.aliases if entry is not None else ()

    def _supported(self, mention: _Mention, most: int) -> bool:
        """Whether an acronym-only mention written at most ``most`` times has anything in the review behind it."""
        if mention.in_title or mention.count > most or mention.kind == DISCOVERED_KIND:
            return True
        if not all(ACRONYM.match(spelling) and spelling.isupper() for spelling in mention.spellings):
            return True
        family = self._family(mention.name)
        if len(family) == 1:
            return True  # the lexicon gives it no family to look for: nothing to judge by
        return any(other is not mention and family & self._family(other.name) for other in self.mentions.values())

    def _family(self, name: str) -> set[str]:
        """``name`` and the concepts two broader steps above it in the lexicon (its field and siblings' parents)."""
        family, frontier = {name}, [name]
        for _ in range(2):
            frontier = [parent for item in frontier for parent in (self.lexicon[item].broader if item in self.lexicon else ())]
            family.update(frontier)
        return family

    def _sentence_of(self, char: int) -> int:
        """The first token of the body sentence holding the body character ``char``."""
        return self.body_sentences[max(0, bisect.bisect_right(self.body_view.starts, char) - 1)][0]

    def _sentence_peers(self, mentions: Sequence[_Mention]) -> dict[str, int]:
        """For each mention, how many of the others the sentence of its first body mention also names (0 when the
        body does not name it): a concept named among many is often one item of a list."""
        sentences = {mention.name: set(map(self._sentence_of, mention.chars)) for mention in mentions}
        peers = {}
        for mention in mentions:
            first = self._sentence_of(mention.first_char) if mention.first_char is not None else None
            peers[mention.name] = 0 if first is None else sum(first in sentences[other.name] for other in mentions if other is not mention)
        return peers

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rules = self.rules
        most = self.context.rules.max_unsupported_acronym_mentions
        kept = [mention for mention in self.mentions.values() if _keeps(mention, rules) and self._supported(mention, most)]
        scored = sorted(((m, _salience(m, rules)) for m in kept), key=lambda pair: (-pair[1], -pair[0].count, pair[0].name))
        peers = self._sentence_peers(kept)
        concepts = [
            {
                "name": mention.name,
                "kind": mention.kind,
                "aliases": [alias for alias in dict.fromkeys([*mention.aliases, *self._lexicon_aliases(mention.name)])],
                "count": mention.count,
                "salience": salience,
                "evidence": _evidence(self.body, mention.first_char) or self.title or None,
                "broader": list(mention.broader),
                "in_title": mention.in_title,
                "in_opening": mention.in_opening,
                "first": round(mention.first_char / max(1, len(self.body)), 3) if mention.first_char is not None else None,
                "generic": mention.generic,
                "peers": peers[mention.name],
                "referenced": sum(self._sentence_of(char) in self.reference_sentences for char in mention.chars),
            }
            for mention, salience in scored[: int(rules["max_concepts_per_review"])]
        ]
        entities = [
            {"name": name, "type": self.entities[name].type, "count": count}
            for name, count in sorted(self.entity_counts.items(), key=lambda item: (-item[1], item[0]))
        ]
        return concepts, entities


_VOWEL_GROUP = re.compile(r"[aeiou]+|(?<=[^aeiou])y(?![aeiou])", re.IGNORECASE)


def _spells_vowels_like(hebrew: str, names: Sequence[str], index: TransliterationIndex) -> bool:
    """Whether a Hebrew word writes about as many vowels as the English name it sounds like, and where it writes one
    the name may have it: a consonant skeleton cannot tell "טקסט" (text) from "toxicity", or "דריפט" (drift) from
    "dropout", but the vowels a loanword spells with ו, י and א can.

    >>> index = _transliteration_index(None)
    >>> _spells_vowels_like("טקסט", ["toxicity"], index), _spells_vowels_like("טוקנייזר", ["tokenizer"], index)
    (False, True)
    >>> _spells_vowels_like("דריפט", ["dropout"], index), _spells_vowels_like("ודרופאאוט", ["dropout"], index)
    (False, True)
    """
    rules = index.rules
    forms = [hebrew, *hebrew_prefix_variants(hebrew)]
    keys = {key for form in forms for key in phonetic_keys(form, rules)}
    written = max(
        sum(letter in rules.hebrew_vowel_letters for letter in form[1:].replace("וו", "ו").replace("יי", "י")) + (form[-1:] in rules.hebrew_final_vowels)
        for form in forms
    )
    for name in names:
        for word in name.split():
            if not HEBREW_LETTER.search(word) and keys.intersection(index.word_keys(word)):
                if len(_VOWEL_GROUP.findall(word)) <= written + 2 and any(vowels_agree(form, word, rules) for form in forms):
                    return True
    return False


def _hebrew_words(view: TokenView) -> Iterator[tuple[int, int, str]]:
    """(first token, end token, text) of each Hebrew-letter word of a doc; a hyphenated compound ("וגאוס-סיידל", tokens
    "וגאוס", "-", "סיידל" written together) is also yielded whole, before its first part."""
    texts, starts = view.texts, view.starts
    for position, text in enumerate(texts):
        if not "\u05d0" <= text[:1] <= "\u05ea":  # HEBREW_LETTER.match without a regex call per token
            continue
        if (
            position + 2 < len(texts)
            and texts[position + 1] == "-"
            and HEBREW_LETTER.match(texts[position + 2])
            and starts[position + 1] == starts[position] + len(text)
            and starts[position + 2] == starts[position + 1] + 1
        ):
            yield position, position + 3, f"{text}-{texts[position + 2]}"
        yield position, position + 1, text


def _parts_sound_like(compound: str, names: Sequence[str], rules: TransliterationRules) -> bool:
    """Whether each part of a hyphenated Hebrew compound sounds like a part of one of ``names``: "גאוס-סיידל" is
    "Gauss-Seidel", while "קליל-ראיתי" ("light-I saw") only sounds like "QLoRA" as a whole.

    >>> rules = _transliteration_index(None).rules
    >>> _parts_sound_like("וגאוס-סיידל", ["Gauss-Seidel"], rules), _parts_sound_like("קליל-ראיתי", ["QLoRA"], rules)
    (True, False)
    """
    english = {key for name in names for part in re.split(r"[\s\-]+", name) if not HEBREW_LETTER.search(part) for key in phonetic_keys(part, rules)}
    first, *rest = compound.split("-")
    parts = [[first, *hebrew_prefix_variants(first, rules.concept_rules)], *([part] for part in rest)]
    return all(any(english.intersection(phonetic_keys(form, rules)) for form in forms) for forms in parts)


@functools.lru_cache(maxsize=4)
def _transliteration_index(concepts_path: str | None) -> TransliterationIndex:
    """The phonetic index of a lexicon's English names, built once per lexicon and process and kept on disk by the
    data files and the code it derives from."""
    sources = [*_transliteration_sources(concepts_path), Path(transliteration.__file__).read_bytes()]
    owners = cached_json("phonetic-index", sources, lambda: TransliterationIndex.from_lexicon(load_lexicon(concepts_path)).owners())
    return TransliterationIndex.from_owners(owners)


def _transliteration_sources(concepts_path: str | None) -> list[bytes]:
    """The data files the transliteration look-ups derive from: the lexicon, the sound rules, the concept rules."""
    return [Path(path).read_bytes() for path in (concepts_path or LEXICON_PATH, TRANSLITERATION_PATH, RULES_PATH)]


def _transliterated_words(docs: Sequence[Doc], concepts_path: str | None, lexicon: Mapping[str, Any]) -> dict[str, str]:
    """The Hebrew-letter words of ``docs`` that spell a specific lexicon concept's English name, by phonetic key (exact
    keys, vowels written as a loanword writes them), each with its concept.  Remembered on disk by the words and the
    data files they derive from, like the matcher's patterns: a corpus extracted again skips the look-ups."""
    words = sorted({text for doc in docs for _, _, text in _hebrew_words(token_view(doc))})

    def look_up() -> dict[str, str]:
        index = _transliteration_index(concepts_path)
        found = {}
        for word in words:
            name = index.lookup(word, fuzzy=False)
            entry = lexicon.get(name) if name else None
            if entry is None or entry.generic or not _spells_vowels_like(word, entry.names, index):
                continue
            if "-" not in word or _parts_sound_like(word, entry.names, index.rules):
                found[word] = entry.name
        return found

    return cached_json("transliterated", [*_transliteration_sources(concepts_path), *words], look_up)


@functools.lru_cache(maxsize=4)
def _latin_phrase_names(concepts_path: str | None) -> dict[str, str]:
    """A lexicon's Latin-script names of two or more words, folded, each with its concept."""
    names: dict[str, str] = {}
    for entry in load_lexicon(concepts_path).values():
        for name in entry.names:
            if name.isascii() and len(fold(name).split()) > 1:
                names.setdefault(fold(name), entry.name)
    return names


def _near_lexicon_name(long_form: str, phrase_names: Mapping[str, str]) -> str | None:
    """The concept whose name of several words ``long_form`` misspells by a letter or two ("domain adaption"), or None.

    The two must have as many words, each word starting with the same letter, so the acronym defined by the long
    form spells the name too: "token prediction" is no misspelt "token reduction".

    >>> _near_lexicon_name("Domain Adaption", {"domain adaptation": "domain adaptation"})
    'domain adaptation'
    >>> _near_lexicon_name("token prediction", {"token reduction": "token merging"}) is None
    True
    """
    from rapidfuzz import fuzz, process

    written = fold(long_form)
    found = process.extractOne(written, phrase_names.keys(), scorer=fuzz.ratio, score_cutoff=NEAR_NAME_SIMILARITY)
    if found is None or found[0] == written:
        return None
    initials = [word[0] for word in written.split()]
    return phrase_names[found[0]] if [word[0] for word in found[0].split()] == initials else None


@functools.lru_cache(maxsize=1)
def _context_check() -> ContextCheck:
    """The context checks, built once per process so their memory of each word's prefix forms is shared by all chunks."""
    rules = load_rules()
    return ContextCheck(load_context_rules(), lambda word: [word.casefold(), *hebrew_prefix_variants(word.casefold(), rules)])


def _collected(reviews: Sequence[Review], nlp: Language | None) -> Iterator[tuple[Review, _ReviewConcepts]]:
    """Each review with what the pipeline found in its title and body (transliterations, acronyms and discovered
    concepts included): the one place that decides what a review mentions."""
    rules = load_rules()
    nlp = nlp or build_pipeline()
    context = _context_check()
    paths = nlp.config["components"]["graphkb_concept_matcher"]
    lexicon = load_lexicon(paths["concepts_path"] or None)
    entities = load_entities(paths["entities_path"] or None)
    texts: list[str] = []
    for review in reviews:
        texts.append(clean_text(review.title or ""))
        texts.append(clean_text(review.text or review.raw_text or ""))
    docs = list(nlp.pipe(texts, batch_size=32))
    spelled = _transliterated_words(docs[1::2], paths["concepts_path"] or None, lexicon)
    phrase_names = _latin_phrase_names(paths["concepts_path"] or None)
    for index, review in enumerate(reviews):
        title_doc, body_doc = docs[2 * index], docs[2 * index + 1]
        collected = _ReviewConcepts(
            texts[2 * index], title_doc, texts[2 * index + 1], body_doc, rules, lexicon, entities, context, phrase_names
        )
        collected.add_transliterations(spelled)
        collected.discover(collected.add_acronym_definitions())
        yield review, collected


def annotate_concepts(
    reviews: Sequence[Review], *, nlp: Language | None = None, unify: bool = True
) -> Sequence[Review]:
    """Fill ``concepts`` and ``entities`` of every review in place (and return the reviews).

    Each concept record is ``{"name", "kind", "aliases" (spellings seen in the review, then the lexicon's), "count",
    "salience" (title, opening, frequency; in [0, 1]), "evidence" (a sentence), "broader"}``; each
    entity ``{"name", "type", "count"}``.  Concepts the lexicon lacks have kind ``"discovered"``.

    Parameters
    ----------
    reviews : sequence of Review
        Records with ``title`` and ``text`` (``raw_text`` when ``text`` is empty).
    nlp : spacy.language.Language, optional
        A pipeline from :func:`build_pipeline`; the shipped lexicons' by default.
    unify : bool
        Give each discovered concept one name across ``reviews`` (see
        :func:`unify_discovered`); off when ``reviews`` is one chunk of a
        corpus annotated in parts, which is unified once at the end.

    Examples
    --------
    >>> from graphkb.records import Review
    >>> r = Review(id="a", date="2024-06-01", title="GLiNER: Generalist Model for NER",
    ...            text="GLiNER מזהה ישויות. איליה סלוצקבר ו-Anthropic.")
    >>> _ = annotate_concepts([r])
    >>> [c["name"] for c in r.concepts][:1], sorted(e["name"] for e in r.entities)
    (['GLiNER'], ['Anthropic', 'GLiNER', 'Ilya Sutskever'])
    """
    for review, collected in _collected(reviews, nlp):
        review.concepts, review.entities = collected.records()
    if unify:
        from graphkb.extract.aboutness import mark_about

        unify_discovered(reviews)
        mark_about(reviews)
    return reviews


def concept_mentions(reviews: Sequence[Review], name: str, *, nlp: Language | None = None) -> list[dict[str, Any]]:
    """Every place ``reviews`` name the concept ``name`` (its canonical name), counted or not: what a curator reads to
    see whether an alias means its concept wherever it stands.

    Each place is ``{"review", "date", "title", "concept", "written", "context", "counted", "why"}``: ``written`` is
    the text the matcher read, ``context`` its sentence (the title for a title mention), and ``why`` says why a place
    does not count: the context check that set it aside ("negated", "contrasted", "other sense"), or "not kept" when the
    review's mentions of the concept are too few to make it one of the review's concepts.

    Examples
    --------
    >>> from graphkb.records import Review
    >>> review = Review(id="x", date="2024-06-20", text="בתרגום חופשי: חשיבה איטית. המודל משפר תרגום מאנגלית לצרפתית.")
    >>> [(place["written"], place["counted"], place["why"]) for place in concept_mentions([review], "machine translation")]
    [('תרגום', False, 'other sense'), ('תרגום', True, None)]
    """
    places: list[dict[str, Any]] = []
    for review, collected in _collected(reviews, nlp):
        kept = {concept["name"] for concept in collected.records()[0]}
        found = [(char, written, None) for char, written in collected.mentions[name].places] if name in collected.mentions else []
        found += [(char, written, why) for concept, char, written, why in collected.set_aside if concept == name]
        for char, written, why in sorted(found, key=lambda place: -1 if place[0] is None else place[0]):
            places.append(_place(review, collected, name, char, written, why or (None if name in kept else "not kept")))
    return places


def thin_mentions(reviews: Sequence[Review], *, most: int = 2, nlp: Language | None = None) -> list[dict[str, Any]]:
    """The places of every lexicon concept a review keeps on at most ``most`` mentions outside its title: the tags
    most likely to rest on a word used in another sense, for a curator to read (places as :func:`concept_mentions`
    gives them, with ``concept`` added).

    Examples
    --------
    >>> from graphkb.records import Review
    >>> review = Review(id="x", date="2024-06-20", text="DPO ו-DPO ועוד DPO. המודל משפר תרגום מאנגלית לצרפתית.")
    >>> [(place["concept"], place["written"]) for place in thin_mentions([review])]
    [('machine translation', 'תרגום')]
    """
    places: list[dict[str, Any]] = []
    for review, collected in _collected(reviews, nlp):
        for concept in collected.records()[0]:
            mention = collected.mentions[concept["name"]]
            if mention.in_title or mention.count > most or mention.kind == DISCOVERED_KIND:
                continue
            places += [_place(review, collected, mention.name, char, written, None) for char, written in mention.places]
    return places


def _place(review: Review, collected: _ReviewConcepts, name: str, char: int | None, written: str, why: str | None) -> dict[str, Any]:
    """One place a review names a concept, as a curator reads it (see :func:`concept_mentions`)."""
    return {
        "review": review.id,
        "date": review.date,
        "title": review.title,
        "concept": name,
        "written": written,
        "context": _evidence(collected.body, char) if char is not None else collected.title,
        "counted": why is None,
        "why": why,
    }

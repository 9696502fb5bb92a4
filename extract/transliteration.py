"""A phonetic key that finds English terms written in Hebrew letters.

The series writes English terms in Hebrew letters ("טוקנייזר", "ריזונינג",
"אמבדינג") and new ones every week.  :func:`phonetic_key` maps both scripts
to one sound alphabet and keeps the consonant skeleton, so "tokenizer" and
"טוקנייזר" share the key ``TKNSR``; :class:`TransliterationIndex` maps keys
of English names to their concepts and looks Hebrew words up by key, Hebrew
prefixes folded ("בטוקנייזר"), with a strict rapidfuzz fallback for near
spellings.  The letter and sound rules are data:
``extract/data/transliteration.yaml``; the prefix letters and their stacking
order come from ``extract/data/concept_rules.yaml``.

Examples
--------
>>> phonetic_key("טוקנייזר") == phonetic_key("tokenizer")
True
>>> index = TransliterationIndex([("tokenizer", "tokenization"), ("diffusion models", "diffusion models")])
>>> index.lookup("בטוקנייזרים"), index.lookup("מודל דיפוזיה"), index.lookup("בדיוק")
('tokenization', 'diffusion models', None)
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from graphkb.extract.datafiles import DATA_DIR, check_value, data_error, read_mapping
from graphkb.extract.folding import hebrew_prefix_variants
from graphkb.extract.knowledge import RULES_PATH, load_rules

__all__ = [
    "vowels_agree",
    "phonetic_key",
    "phonetic_keys",
    "TransliterationIndex",
    "TransliterationRules",
    "load_transliteration_rules",
    "TRANSLITERATION_PATH",
]

TRANSLITERATION_PATH = DATA_DIR / "transliteration.yaml"

_HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
_HEBREW_LETTERS = re.compile(r"[\u05d0-\u05ea]+")  # a word of Hebrew letters alone: NFC already, one word
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[\w'\"\u05f3\u05f4\u2019\u2018`]+(?:-[\w'\"\u05f3\u05f4\u2019\u2018`]+)*")
_KEYS_PER_WORD = 8  # alternative sounds multiply: keep the keys of one word few

_REQUIRED: dict[str, Any] = {
    "latin": dict,
    "hebrew": dict,
    "min_key_length": int,
    "fuzzy_min_key_length": int,
    "min_ratio": float,
    "ambiguity_margin": float,
    "max_phrase_words": int,
    "loanword_shapes": dict,
}
_LATIN_REQUIRED: dict[str, Any] = {"graphemes": dict, "vowels": str, "optional_suffixes": list[str], "everyday_in_hebrew": list[str]}
_SHAPES_REQUIRED: dict[str, Any] = {"endings": list[str], "geresh_letters": str}
_HEBREW_REQUIRED: dict[str, Any] = {
    "letters": dict,
    "vowel_letters": str,
    "vowel_letter_sounds": dict,
    "double_vav": str,
    "initial_vav": str,
    "final_vowel_letters": str,
    "prefixed_before": str,
    "optional_suffixes": list[str],
    "grammar_endings": list[str],
}


@dataclass(frozen=True)
class TransliterationRules:
    """The rules of ``transliteration.yaml`` with the concept rules (Hebrew prefixes, stop words), ready to apply."""

    latin_graphemes: Mapping[str, tuple[str, ...]]
    latin_longest: int
    latin_vowels: frozenset[str]
    latin_suffixes: tuple[str, ...]
    everyday_in_hebrew: frozenset[str]
    hebrew_letters: Mapping[str, str]
    hebrew_vowel_letters: frozenset[str]
    vowel_letter_sounds: Mapping[str, frozenset[str]]
    double_vav: str
    initial_vav: str
    hebrew_final_vowels: frozenset[str]
    hebrew_letters_only: Mapping[int, int | None]
    hebrew_table: Mapping[int, str]
    hebrew_suffixes: tuple[str, ...]
    hebrew_grammar_endings: tuple[str, ...]
    prefixed_before: frozenset[str]
    concept_rules: Mapping[str, Any]
    min_key_length: int
    fuzzy_min_key_length: int
    min_ratio: float
    ambiguity_margin: float
    max_phrase_words: int
    loanword_shapes: Mapping[str, Any]


class _DeleteAllBut(dict):
    """A ``str.translate`` table that deletes every character but the given ones."""

    def __init__(self, keep: Iterable[str]):
        super().__init__()
        self.keep = frozenset(map(ord, keep))

    def __missing__(self, code: int) -> int | None:
        value = code if code in self.keep else None
        self[code] = value
        return value


def _section(path: Path, data: Mapping[str, Any], name: str, required: Mapping[str, Any]) -> Mapping[str, Any]:
    """A nested mapping of the rules, each of its ``required`` keys present and of its type."""
    section = data[name]
    for key, spec in required.items():
        if key not in section:
            raise data_error(path, (name,), f"`{name}` misses the key {key!r}")
        check_value(path, (name, key), section[key], spec)
    return section


@functools.lru_cache(maxsize=4)
def load_transliteration_rules(path: str | Path = TRANSLITERATION_PATH, concept_rules_path: str | Path = RULES_PATH) -> TransliterationRules:
    """The transliteration rules, with the Hebrew prefixes and stop words of the concept rules (loaded once).

    Raises
    ------
    graphkb.errors.InputError
        ``file:line: what is wrong``: a file missing or not YAML, a key missing or of the wrong type.

    Examples
    --------
    >>> rules = load_transliteration_rules()
    >>> rules.latin_graphemes["ph"], rules.hebrew_letters["ט"], "ב" in rules.concept_rules["hebrew_prefix_letters"]
    (('P',), 'T', True)
    """
    path = Path(path)
    data = read_mapping(path, _REQUIRED)
    latin = _section(path, data, "latin", _LATIN_REQUIRED)
    hebrew = _section(path, data, "hebrew", _HEBREW_REQUIRED)
    shapes = _section(path, data, "loanword_shapes", _SHAPES_REQUIRED)
    for table, values in (("graphemes", latin["graphemes"]), ("letters", hebrew["letters"])):
        for spelling, sounds in values.items():
            where = ("latin" if table == "graphemes" else "hebrew", table, spelling)
            check_value(path, where, sounds, list[str] if isinstance(sounds, list) else str)
    graphemes = {
        str(spelling).lower(): tuple(sounds) if isinstance(sounds, list) else (str(sounds),)
        for spelling, sounds in latin["graphemes"].items()
    }
    letters = {unicodedata.normalize("NFC", letter): str(sound) for letter, sound in hebrew["letters"].items()}
    vowel_letters = str(hebrew["vowel_letters"])
    for letter, sounds in hebrew["vowel_letter_sounds"].items():
        check_value(path, ("hebrew", "vowel_letter_sounds", letter), sounds, str)
        if letter not in vowel_letters:
            raise data_error(path, ("hebrew", "vowel_letter_sounds", letter), f"{letter!r} is not one of vowel_letters ({vowel_letters})")
    return TransliterationRules(
        latin_graphemes=graphemes,
        latin_longest=max(map(len, graphemes), default=1),
        latin_vowels=frozenset(latin["vowels"]),
        latin_suffixes=tuple(latin["optional_suffixes"]),
        everyday_in_hebrew=frozenset(word.casefold() for word in latin["everyday_in_hebrew"]),
        hebrew_letters=letters,
        hebrew_vowel_letters=frozenset(vowel_letters),
        vowel_letter_sounds={
            unicodedata.normalize("NFC", letter): frozenset(str(sounds).lower()) for letter, sounds in hebrew["vowel_letter_sounds"].items()
        },
        double_vav=str(hebrew["double_vav"]),
        initial_vav=str(hebrew["initial_vav"]),
        hebrew_final_vowels=frozenset(hebrew["final_vowel_letters"]),
        # everything but Hebrew letters goes: geresh, gershayim, hyphens, digits
        hebrew_letters_only=_DeleteAllBut(letters),
        hebrew_table=str.maketrans({**letters, **{vowel: "" for vowel in vowel_letters}, "\0": str(hebrew["double_vav"])}),
        hebrew_suffixes=tuple(hebrew["optional_suffixes"]),
        hebrew_grammar_endings=tuple(hebrew["grammar_endings"]),
        prefixed_before=frozenset(hebrew["prefixed_before"]),
        concept_rules=load_rules(concept_rules_path),
        min_key_length=int(data["min_key_length"]),
        fuzzy_min_key_length=int(data["fuzzy_min_key_length"]),
        min_ratio=float(data["min_ratio"]),
        ambiguity_margin=float(data["ambiguity_margin"]),
        max_phrase_words=int(data["max_phrase_words"]),
        loanword_shapes={"endings": tuple(shapes["endings"]), "geresh_letters": str(shapes["geresh_letters"])},
    )


def _collapse(sounds: str) -> str:
    """Repeated sound classes as one: "DPPS" -> "DPS"."""
    collapsed = sounds[:1]
    for sound in sounds[1:]:
        if sound != collapsed[-1]:
            collapsed += sound
    return collapsed


def _latin_word_keys(word: str, rules: TransliterationRules) -> list[str]:
    """Every key of one Latin word (alternative sounds give alternative keys)."""
    word = word.lower()
    keys = [""]
    position = 0
    if word[:1] in rules.latin_vowels:
        keys = ["A"]
        while position < len(word) and word[position] in rules.latin_vowels:
            position += 1
    while position < len(word):
        for length in range(min(rules.latin_longest, len(word) - position), 0, -1):
            sounds = rules.latin_graphemes.get(word[position : position + length])
            if sounds is not None:
                keys = [key + sound for key in keys for sound in sounds][:_KEYS_PER_WORD]
                position += length
                break
        else:
            position += 1  # a vowel, a digit or a sign: no consonant
    return list(dict.fromkeys(_collapse(key) for key in keys))


def _latin_variants(word: str, rules: TransliterationRules) -> list[str]:
    """A Latin word and its forms without an ending Hebrew spellings often drop ("tuning" -> "tun")."""
    variants = [word]
    lowered = word.lower()
    for suffix in rules.latin_suffixes:
        if lowered.endswith(suffix) and len(lowered) - len(suffix) >= 3:
            variants.append(word[: -len(suffix)])
    return variants


def _hebrew_word_key(word: str, rules: TransliterationRules) -> tuple[str, int]:
    """The key of one Hebrew-letter word (no prefix or ending removed) and how many vowel letters it spells.

    >>> rules = load_transliteration_rules()
    >>> _hebrew_word_key("ווקטור", rules), _hebrew_word_key("קוסיין", rules), _hebrew_word_key("אמבדינג", rules)
    (('BKTR', 1), ('KSN', 3), ('AMBDNG', 1))
    """
    letters = word.translate(rules.hebrew_letters_only)
    if not letters:
        return "", 0
    first, rest = letters[0], letters[1:]
    if first == "ו" and rest[:1] == "ו":
        lead, rest = rules.double_vav, rest[1:]
    elif first in rules.hebrew_vowel_letters:
        vav_consonant = first == "ו" and rest[:1] not in ("", *rules.hebrew_vowel_letters)
        lead = rules.initial_vav if vav_consonant else "A"
        while rest[:1] in rules.hebrew_vowel_letters and rest[:2] != "וו" and rest:
            rest = rest[1:]  # a run of leading vowel letters is one leading vowel
    else:
        lead = rules.hebrew_letters.get(first, "")
    vowels = 0
    if rest[-1:] in rules.hebrew_final_vowels:
        rest, vowels = rest[:-1], 1
    vowels += sum(map(rest.count, rules.hebrew_vowel_letters)) - 2 * rest.count("וו")
    return _collapse(lead + _consonant_sounds(rest, rules)), vowels


def vowels_agree(hebrew: str, english: str, rules: TransliterationRules | None = None) -> bool:
    """Whether the first vowel a Hebrew spelling writes inside the word (``ו``, ``י``) may be the English word's vowel
    after as many consonant sounds: a consonant skeleton cannot tell "דריפט" (drift) from "dropout", but "דרי"
    writes an i where "dro" has an o.  A vowel letter after ``א`` spells one vowel with it ("אוברפיט"), a doubled vav
    is a consonant, and where the English word has no vowel after as many sounds (a vowel Hebrew adds), they agree.

    >>> vowels_agree("דריפט", "dropout"), vowels_agree("דרופאאוט", "dropout"), vowels_agree("טמפרטורה", "temperature")
    (False, True, True)
    """
    rules = rules or load_transliteration_rules()
    letters = hebrew.translate(rules.hebrew_letters_only)
    sounds = rules.vowel_letter_sounds
    at = next(
        (
            index
            for index in range(1, len(letters) - 1)
            if letters[index] in sounds
            and letters[index - 1] not in rules.hebrew_vowel_letters
            and letters[index] + letters[index + 1] != "וו"
            and letters[index - 1 : index + 1] != "וו"
        ),
        None,
    )
    if at is None:
        return True
    before = len(_hebrew_word_key(letters[:at], rules)[0])
    word = english.lower()
    aligned = [
        group.group()
        for group in re.finditer(f"[{''.join(sorted(rules.latin_vowels))}]+", word)
        if group.start() > 0 and before in {len(key) for key in _latin_word_keys(word[: group.start()], rules)}
    ]
    return not aligned or any(sounds[letters[at]] & set(group) for group in aligned)


def _consonant_sounds(letters: str, rules: TransliterationRules) -> str:
    """The sounds of Hebrew letters, vowel letters dropped, a doubled vav one consonant; repeats not collapsed.

    >>> _consonant_sounds("טוקנייזר", load_transliteration_rules()), _consonant_sounds("ווקטור", load_transliteration_rules())
    ('TKNSR', 'BKTR')
    """
    return letters.replace("וו", "\0").translate(rules.hebrew_table)


def _hebrew_variants(word: str, rules: TransliterationRules) -> list[str]:
    """A Hebrew word and its forms without one or two loanword endings ("דיפוזיוניים" -> "דיפוזיוני", "דיפוז")."""
    variants = [word]
    forms = [word]
    for _ in range(2):
        forms = [
            form[: -len(suffix)]
            for form in forms
            if form.endswith(rules.hebrew_suffixes)
            for suffix in rules.hebrew_suffixes
            if form.endswith(suffix) and len(form) - len(suffix) >= 3
        ]
        variants.extend(form for form in forms if form not in variants)
    return variants


def _unprefixed(word: str, rules: TransliterationRules) -> list[str]:
    """A Hebrew word as written, then without each glued or hyphenated prefix Hebrew can stack ("וב-", "שה");
    only without the prefix when what follows it starts with a letter that makes it one ("שהאימון")."""
    forms = [word, *hebrew_prefix_variants(word, rules.concept_rules)]
    after_prefix = next((index for index, form in enumerate(forms) if index and form[:1] in rules.prefixed_before), 0)
    return forms[after_prefix:]


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def phonetic_keys(word: str, rules: TransliterationRules | None = None) -> list[str]:
    """All keys of one word as written, in either script, best first (alternative sounds and optional endings).

    >>> phonetic_keys("attention")
    ['ATNC', 'ATNWN', 'ATNT']
    >>> phonetic_keys("fine-tuning")
    ['PNTNG', 'PNTN']
    """
    rules = rules or load_transliteration_rules()
    joined = word.replace("-", "")
    if _HEBREW_LETTER.search(joined):
        return list(dict.fromkeys(filter(None, (_hebrew_word_key(form, rules)[0] for form in _hebrew_variants(joined, rules)))))
    return list(dict.fromkeys(key for form in _latin_variants(joined, rules) for key in _latin_word_keys(form, rules) if key))


def phonetic_key(text: str, rules: TransliterationRules | None = None) -> str:
    """The phonetic key of a word or phrase in Hebrew or Latin letters: one consonant skeleton per word.

    Parameters
    ----------
    text : str
        A word or phrase ("tokenizer", "טוקנייזר", "diffusion model").
    rules : TransliterationRules, optional
        The shipped ``transliteration.yaml`` by default.

    Returns
    -------
    str
        The words' keys, space-separated, in the text's order ("" when no word has a consonant).

    Examples
    --------
    >>> phonetic_key("tokenizer"), phonetic_key("טוקנייזר")
    ('TKNSR', 'TKNSR')
    >>> phonetic_key("reasoning") == phonetic_key("ריזונינג"), phonetic_key("embedding") == phonetic_key("אמבדינג")
    (True, True)
    >>> phonetic_key("cosine") == phonetic_key("קוסיין"), phonetic_key("diffusion") == phonetic_key("דיפוזיה")
    (True, True)
    """
    rules = rules or load_transliteration_rules()
    keys = (phonetic_keys(word, rules) for word in _words(text))
    return " ".join(key[0] for key in keys if key)


class TransliterationIndex:
    """Canonical names by the phonetic keys of their English spellings, for looking up Hebrew-letter spellings.

    Parameters
    ----------
    names : iterable of (str, str)
        Pairs of (Latin-script name or alias, canonical concept name).
    rules : TransliterationRules, optional
        The shipped rules by default.

    Notes
    -----
    Building precomputes every key of every name (alternative sounds, optional
    endings, hyphenated words joined and split), so a lookup is a few dict hits;
    only a key with no exact hit is compared by rapidfuzz, and only with the
    keys that start with its first two sounds.  A phrase is a bag of word keys,
    so Hebrew's order ("מודל דיפוזיה") finds English's ("diffusion model").
    An exact look-up of one word first screens it by its consonant sounds
    (:meth:`_may_match`): most Hebrew words end there, before any key is built.

    Examples
    --------
    >>> index = TransliterationIndex([("fine-tuning", "fine-tuning"), ("cosine similarity", "cosine similarity")])
    >>> index.lookup("פיינטיון"), index.lookup("וכשהפיין-טיונינג"), index.lookup("קוסיין סימילריטי")
    ('fine-tuning', 'fine-tuning', 'cosine similarity')
    >>> index.lookup("משפט") is None
    True
    """

    def __init__(self, names: Iterable[tuple[str, str]], rules: TransliterationRules | None = None):
        self.rules = rules or load_transliteration_rules()
        # a Hebrew head noun of a mixed phrase ("למידה" of "למידה קונטרסטיבית") stands for its English word
        self._heads = {form: english for english, forms in (self.rules.concept_rules.get("hebrew_heads") or {}).items() for form in forms}
        self._owners: dict[str, set[str]] = defaultdict(set)
        self._memo: dict[bool, dict[str, str | None]] = {True: {}, False: {}}  # by ``fuzzy``, then text
        self._forms: dict[str, list[tuple[str, int]]] = {}
        self._latin_keys: dict[str, list[str]] = {}
        self._long_endings = tuple(suffix for suffix in self.rules.hebrew_suffixes if len(suffix) > 1)
        self._buckets: dict[str, list[str]] = defaultdict(list)
        self._screen: tuple[dict[str, bool], int] | None = None
        self.add(names)

    def add(self, names: Iterable[tuple[str, str]], *, new_keys_only: bool = False) -> None:
        """Add (Latin-script name, canonical name) pairs; with ``new_keys_only``, keys already known keep their owners."""
        self._memo = {True: {}, False: {}}
        self._screen = None
        for name, canonical in names:
            for key in self._name_keys(name):
                if not (new_keys_only and key in self._owners):
                    self._own(key, [canonical])

    def _own(self, key: str, canonicals: Iterable[str]) -> None:
        if key not in self._owners and " " not in key and len(key) >= self.rules.fuzzy_min_key_length - 1:
            self._buckets[key[:2]].append(key)
        self._owners[key].update(canonicals)

    def __len__(self) -> int:
        return len(self._owners)

    def owners(self) -> dict[str, list[str]]:
        """Each key with the canonical names it stands for, in the order the keys came: what :meth:`from_owners` takes.

        >>> sorted(TransliterationIndex([("fine-tuning", "fine-tuning")]).owners().items())
        [('PN TN', ['fine-tuning']), ('PN TNG', ['fine-tuning']), ('PNTN', ['fine-tuning']), ('PNTNG', ['fine-tuning'])]
        """
        return {key: sorted(canonicals) for key, canonicals in self._owners.items()}

    @classmethod
    def from_owners(cls, owners: Mapping[str, Iterable[str]], rules: TransliterationRules | None = None) -> "TransliterationIndex":
        """The index :meth:`owners` describes, without working out the keys again (a lexicon's index kept on disk).

        >>> index = TransliterationIndex([("tokenizer", "tokenization")])
        >>> TransliterationIndex.from_owners(index.owners()).lookup("בטוקנייזרים")
        'tokenization'
        """
        index = cls((), rules)
        for key, canonicals in owners.items():
            index._own(key, canonicals)
        return index

    def _name_keys(self, name: str) -> set[str]:
        """Every key a Hebrew spelling of ``name`` may have: word keys, bagged when there are several words."""
        words = _words(name)
        if not words or len(words) > self.rules.max_phrase_words or _HEBREW_LETTER.search(name) or any(map(self._unspoken, words)):
            return set()
        spellings = [words]
        if any("-" in word for word in words):
            spellings.append([part for word in words for part in word.split("-") if part])
        keys: set[str] = set()
        for spelling in spellings:
            per_word = [self.word_keys(word) for word in spelling]
            if all(per_word):
                keys.update(_bag(combination) for combination in itertools.islice(itertools.product(*per_word), 64))
        return keys

    def _unspoken(self, word: str) -> bool:
        """Whether no Hebrew-letter spelling of ``word`` is read as it: an acronym read letter by letter, a name with
        digits, or a word Hebrew uses in a sense of its own (``everyday_in_hebrew``)."""
        return _spelled_out(word) or word.casefold() in self.rules.everyday_in_hebrew

    def word_keys(self, word: str) -> list[str]:
        """:func:`phonetic_keys` of one word of a name, with this index's rules (remembered: names share words)."""
        keys = self._latin_keys.get(word)
        if keys is None:
            keys = self._latin_keys[word] = phonetic_keys(word, self.rules)
        return keys

    def _word_candidates(self, word: str) -> list[list[tuple[str, int]]]:
        """Keys of a Hebrew word read as written, then without each prefix: per form, the key of the form as it
        stands first, then those without its loanword endings.

        Each key comes with its strength (see ``min_key_length`` in the rules): 2, it may be looked up on its
        own; 1, only as a word of a phrase; 0, not at all.  A Hebrew head noun (``hebrew_heads`` of the concept
        rules: "למידה", "רשתות") also has the keys of its English word, as a word of a phrase.
        """
        forms = _unprefixed(word, self.rules)
        candidates = [keys for keys in map(self._form_keys, forms) if keys]
        english = next((self._heads[form] for form in forms if form in self._heads), None)
        if english is not None:
            candidates.append([(key, 1) for key in phonetic_keys(english, self.rules)])
        return candidates

    def _form_keys(self, form: str) -> list[tuple[str, int]]:
        """The keys and strengths of one unprefixed form and its loanword endings (remembered: forms recur)."""
        known = self._forms.get(form)
        if known is None:
            rules = self.rules
            form = form.replace("-", "")
            # a word that spells its vowels (loanwords do) counts one sound longer, whichever ending is removed;
            # the vowel letter of a plural or construct ending ("ות") is grammar, not a spelled vowel; and a form
            # that may still carry a prefix ("לחיזוי") earns nothing for its vowels
            long_endings = self._long_endings
            ending = next((suffix for suffix in long_endings if form.endswith(suffix)), "") if form.endswith(long_endings) else ""
            form_key, vowels = _hebrew_word_key(form, rules)
            vowels -= sum(letter in rules.hebrew_vowel_letters for letter in ending)
            if form[:1] in rules.concept_rules["hebrew_prefix_letters"]:
                vowels = 0
            keys: dict[str, int] = {}
            grammar_ending = form.endswith(rules.hebrew_grammar_endings)
            for variant in _hebrew_variants(form, rules):
                if variant == form and grammar_ending:
                    continue
                key = form_key if variant == form else _hebrew_word_key(variant, rules)[0]
                if key and key not in keys:
                    length = len(key) + (vowels >= len(key))
                    keys[key] = max(0, min(2, length - rules.min_key_length + 2))
            known = self._forms[form] = list(keys.items())
        return known

    def lookup(self, text: str, *, fuzzy: bool = True) -> str | None:
        """The canonical name whose English spelling ``text`` (a Hebrew word or phrase) transliterates, or None.

        Only long enough keys are looked up; with ``fuzzy``, a key with no exact hit is accepted by rapidfuzz
        ratio when it is long, close and unambiguous.  None when nothing (or more than one concept) matches.
        """
        memo = self._memo[fuzzy]  # keyed by text alone: no tuple per word for the collector to track
        if text in memo:
            return memo[text]
        if _HEBREW_LETTERS.fullmatch(text):
            written = words = [text]
        else:
            written = _words(text)
            words = [word for word in written if _HEBREW_LETTER.search(word)]
        found = None
        if words and len(words) <= self.rules.max_phrase_words and len(words) == len(written):
            if fuzzy or len(words) > 1 or self._may_match(words[0]):
                found = self._lookup_words(words, fuzzy)
        if len(memo) < 100_000:
            memo[text] = found
        return found

    def _may_match(self, word: str) -> bool:
        """Whether a key of ``word`` may be one the index holds: a test a few times cheaper than :meth:`_word_candidates`
        that rejects most Hebrew words and never one an exact look-up finds (a near key, as ``fuzzy`` accepts, is
        not screened).

        A key of a form of the word (a prefix off its start, endings off its end) is the sound of the form's first
        letter, then the collapsed consonant sounds of its other letters but a final ``ה``; it is looked up alone
        only when it is at least ``min_key_length`` - 1 sounds long, and that short only when the form spells as
        many vowels.  So the word's collapsed consonant sounds end with the key less its first sound (or less its
        first two, when the first letter's sound starts the rest too), then the sounds of what the form left off:
        the endings of :meth:`_screen_table`.

        >>> index = TransliterationIndex([("tokenizer", "tokenization")])
        >>> index._may_match("והטוקנייזרים"), index._may_match("בדיוק")
        (True, False)
        """
        rules = self.rules
        table, shortest = self._screen or self._screen_table()
        letters = word.translate(rules.hebrew_letters_only)
        sounds = _collapse(_consonant_sounds(letters, rules))
        for start in range(len(sounds) - shortest + 1):
            short_only = table.get(sounds[start:])
            if short_only is not None and (not short_only or self._spells_vowels(letters)):
                return True
        return False

    def _spells_vowels(self, letters: str) -> bool:
        """Whether a form of a word of these letters may spell as many vowels as the shortest key looked up alone has
        sounds (a form counts at most the word's vowel letters and a final ``ה``)."""
        rules = self.rules
        vowels = sum(map(letters.count, rules.hebrew_vowel_letters)) + (letters[-1:] in rules.hebrew_final_vowels)
        return vowels >= rules.min_key_length - 1

    def _screen_table(self) -> tuple[dict[str, bool], int]:
        """The sounds a word whose key the index may hold ends with, each marked when only a shortest key (which needs
        spelled vowels) gives it, and the length of the shortest: every key looked up alone less its first sound, then
        what the sounds of the endings a form may leave off collapse to (two Hebrew endings, a final ``ה`` before
        them, a doubled vav the cut splits) or any end of that."""
        if self._screen is None:
            rules = self.rules
            shortest = rules.min_key_length - 1
            tails: dict[str, bool] = {}
            for key in self._owners:
                if " " not in key and len(key) >= shortest:
                    tails[key[1:]] = tails.get(key[1:], True) and len(key) == shortest
            suffixes = ("", *rules.hebrew_suffixes)
            endings = set()
            for vav, final, inner, outer in itertools.product(("", rules.double_vav), ("", *rules.hebrew_final_vowels), suffixes, suffixes):
                sounds = _collapse(vav + _consonant_sounds(final + inner + outer, rules))
                endings.update(sounds[start:] for start in range(len(sounds) + 1))
            table: dict[str, bool] = {}
            for tail, short_only in tails.items():
                for ending in endings:
                    if ending[:1] != tail[-1:]:  # else the sounds collapse to the tail and the ending's rest
                        table[tail + ending] = table.get(tail + ending, True) and short_only
            self._screen = (table, min(map(len, table), default=0))
        return self._screen

    def _lookup_words(self, words: list[str], fuzzy: bool = True) -> str | None:
        forms = [self._word_candidates(word) for word in words]
        if not all(forms):
            return None
        if len(words) == 1:
            return self._lookup_word(forms[0], fuzzy)
        candidates = [list(dict.fromkeys(key for keys in word_forms for key in keys)) for word_forms in forms]
        for combination in itertools.islice(itertools.product(*candidates), 256):
            if max(strength for _, strength in combination) < 2 or min(strength for _, strength in combination) < 1:
                continue  # a phrase of short Hebrew words ("תוכן מזיק") is no loanword phrase
            owners = self._owners.get(_bag(key for key, _ in combination))
            if owners:
                return next(iter(owners)) if len(owners) == 1 else None
        # a compound written in two words ("פיין טיון", "היפר פרמטרים"), matched exactly
        return self._lookup_word(self._word_candidates("".join(words)), fuzzy=False)

    def _lookup_word(self, forms: list[list[tuple[str, int]]], fuzzy: bool = True) -> str | None:
        """One word's concept: an exact key of any of its forms, else (``fuzzy``) a close key of one."""
        for keys in forms:
            for key, strength in keys:
                owners = self._owners.get(key) if strength == 2 else None
                if owners:
                    return next(iter(owners)) if len(owners) == 1 else None
        if fuzzy:
            for key, _ in (keys[0] for keys in forms):
                if len(key) >= self.rules.fuzzy_min_key_length:
                    found = self._closest(key)
                    if found is not None:
                        return found
        return None

    def _closest(self, key: str) -> str | None:
        """The owner of the key closest to ``key`` among those that start like it, when close and unambiguous."""
        from rapidfuzz import fuzz, process

        rules = self.rules
        scored = process.extract(
            key, self._buckets.get(key[:2], ()), scorer=fuzz.ratio, limit=8, score_cutoff=rules.min_ratio - rules.ambiguity_margin
        )
        if not scored or scored[0][1] < rules.min_ratio:
            return None
        best_owners = self._owners[scored[0][0]]
        if len(best_owners) > 1:
            return None
        if any(score > scored[0][1] - rules.ambiguity_margin and self._owners[other] != best_owners for other, score, _ in scored[1:]):
            return None
        return next(iter(best_owners))

    @classmethod
    def from_lexicon(cls, lexicon: Mapping[str, Any], extra_terms: Iterable[str] = (), rules: TransliterationRules | None = None) -> "TransliterationIndex":
        """An index of every concept's English name and Latin-script aliases, plus Latin ``extra_terms`` (each its own name).

        Parameters
        ----------
        lexicon : mapping of str to ConceptEntry
            From :func:`graphkb.extract.lexicon.load_lexicon`.
        extra_terms : iterable of str
            Latin-script terms seen in a corpus; a key a lexicon name already
            has stays the lexicon concept's.

        Examples
        --------
        >>> from graphkb.extract.lexicon import load_lexicon
        >>> index = TransliterationIndex.from_lexicon(load_lexicon(), extra_terms=["GLiNER"])
        >>> index.lookup("הטוקנייזר"), index.lookup("גלינר")
        ('tokenization', 'GLiNER')
        """
        index = cls([(name, entry.name) for entry in lexicon.values() for name in entry.names if not _HEBREW_LETTER.search(name)], rules)
        # a corpus term sounding like a lexicon name ("Expressive", "expressivity") leaves the key to the lexicon
        index.add(((term, term) for term in extra_terms if _LATIN_LETTER.search(term)), new_keys_only=True)
        return index


def _spelled_out(word: str) -> bool:
    """An acronym Hebrew reads letter by letter ("ICL", "OCR", "MDPs"), or a name with digits ("bfloat16", "FP8") that
    Hebrew writes in Latin letters: no sound skeleton finds it."""
    if any(ch.isdigit() for ch in word):
        return True
    letters = [ch for ch in word.removesuffix("s") if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _bag(keys: Iterable[str]) -> str:
    return " ".join(sorted(keys))

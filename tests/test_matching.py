"""The matching pipeline's shortcuts change nothing it finds: the tokens, their norms and the matches stay what
spaCy's full blank Hebrew pipeline and a pattern built as a Doc would give."""

from __future__ import annotations

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from graphkb.extract.matching import blank_hebrew, build_pipeline

MIXED = (
    "ב-2024 הציגו את GRPO (Group Relative Policy Optimization) ו-DPO.\n\n"
    "ראו https://arxiv.org/abs/2402.03300 , 3.5% מהטוקנים; \"מודלי שפה\" — LLMs!  וגם ה-KV-cache של OpenAl"
)


def test_tokens_are_those_of_a_full_blank_hebrew_pipeline():
    # the shipped pipeline leaves out lexical attributes nobody reads: the tokenisation must not move
    full = blank_hebrew().make_doc(MIXED)
    ours = build_pipeline()(MIXED)
    assert [(t.text, t.idx, t.whitespace_, t.is_space) for t in ours] == [
        (t.text, t.idx, t.whitespace_, t.is_space) for t in full
    ]


def test_a_parenthesis_glued_between_two_words_is_a_token_of_its_own():
    # OCR drops the space before or after a parenthesis; spaCy's own rules split it only at a word's edge
    text = "שיטה חדשה(self-play) ועוד(Mixture of Experts)בלי רווח, f(x)"
    assert [token.text for token in build_pipeline()(text)] == [
        "שיטה", "חדשה", "(", "self", "-", "play", ")", "ועוד", "(", "Mixture", "of", "Experts", ")", "בלי", "רווח", ",",
        "f", "(", "x", ")",
    ]
    assert [token.text for token in spacy.blank("he").make_doc("חדשה(self-play)")] == ["חדשה(self", "-", "play", ")"]


def test_patterns_added_as_norm_hashes_match_as_doc_patterns_do():
    nlp = build_pipeline()
    doc = nlp(MIXED)
    concepts = nlp.get_pipe("graphkb_concept_matcher")
    as_docs = PhraseMatcher(nlp.vocab, attr="NORM")
    for label in {nlp.vocab.strings[match_id] for match_id, _, _ in concepts.matcher(doc)}:
        keys = [key for key, pattern in concepts.patterns.items() if pattern.label == label]
        docs = []
        for key in keys:
            pattern = Doc(nlp.vocab, words=["_"] * len(key))
            for token, norm in zip(pattern, key):
                token.norm_ = norm
            docs.append(pattern)
        as_docs.add(label, docs)
    assert sorted(concepts.matcher(doc)) == sorted(as_docs(doc))
    assert {nlp.vocab.strings[match_id] for match_id, _, _ in as_docs(doc)} >= {"GRPO", "DPO", "KV cache"}


def test_a_matcher_read_from_the_cache_finds_what_a_freshly_built_one_finds(tmp_path, monkeypatch):
    # the pattern table is remembered as JSON, where tuples come back as lists: both must accept the same spans
    from graphkb.extract.lexicon import ENTITIES_PATH, LEXICON_PATH
    from graphkb.extract.matching import _folder, _LexiconMatcher

    monkeypatch.setenv("GRAPHKB_CACHE_DIR", str(tmp_path))
    nlp = spacy.blank("he")
    nlp.add_pipe("graphkb_token_norms")
    folder = _folder(str(LEXICON_PATH), str(ENTITIES_PATH))
    entries = [("in-context learning", ["למידה בהקשר"], False), ("world models", ["מודל עולם"], False)]
    text = "המודל משתפר מלמידה בהקשר. זה מודל בעולם אמיתי, לא מודל עולם."

    def found() -> list[tuple[str, str]]:
        doc = _LexiconMatcher(nlp, folder, entries, "concepts")(nlp(text))
        return [(span.text, span.label_) for span in doc.spans["concepts"]]

    fresh = found()
    assert list(tmp_path.glob("patterns-*.json")), "the table was remembered"
    assert fresh == [("מלמידה בהקשר", "in-context learning"), ("מודל עולם", "world models")]
    assert found() == fresh

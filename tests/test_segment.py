"""Segmentation: header forms, headerless reviews, titles, dates, links, cleaning, fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkb.extract.concepts import annotate_concepts
from graphkb.extract.dates import date_candidates, resolve_dates
from graphkb.extract.links import arxiv_id, classify_links, find_links
from graphkb.extract.ocr import remove_repeats
from graphkb.extract.segment import is_header, segment_text
from graphkb.extract.sources import read_reviews

BODY = "המאמר מציע שיטה חדשה לאימון מודלי שפה גדולים ומראה שהיא עובדת היטב על מגוון משימות."
OTHER = "הסקירה מתארת ארכיטקטורה של רשת נוירונים שמשפרת את מהירות האינפרנס בצורה ניכרת."


def corpus(*reviews: str) -> str:
    return "\n\n".join(reviews) + "\n"


def review(header: str, body: str = BODY, link: str | None = "https://arxiv.org/abs/2406.00001") -> str:
    parts = [header, body]
    if link:
        parts.append(link)
    return "\n\n".join(parts)


def middle(header: str) -> tuple:
    """The review under test, between two cleanly dated neighbours."""
    text = corpus(
        review("המאמר היומי של מייק 01.06.24: First Paper Title", link="https://arxiv.org/abs/2405.00001"),
        review(header, body=OTHER, link="https://arxiv.org/abs/2405.00002"),
        review("המאמר היומי של מייק 04.06.24: Third Paper Title", link="https://arxiv.org/abs/2405.00003"),
    )
    reviews = segment_text(text)
    assert len(reviews) == 3, [r.line_start for r in reviews]
    return reviews[1]


# --- one test per garbled header form -------------------------------------------------------------

@pytest.mark.parametrize(
    "header, date, confidence",
    [
        ("המאמר היומי של מייק 92.06.24 . LaMA-NAS: Efficient Search", "2024-06-02", "repaired"),
        ("אמר היומי של מייק 203.06.24 LaMA-NAS: Efficient Search", "2024-06-03", "repaired"),
        ("0206.24 - המאמר היומי של מייק LaMA-NAS: Efficient Search", "2024-06-02", "repaired"),
        ("המאמר היומי של מייק -02.06.24 *≰* המאמר היומי של מייק -06.24 LaMA-NAS: Efficient Search", "2024-06-02", "printed"),
        ("🎻 🧲 :02-03.06.24 מייק של מייק 35-03.06.24 🥕 LaMA-NAS: Efficient Search", "2024-06-02", "printed"),
    ],
    ids=["zero-read-as-nine", "digit-glued-in-front", "dot-lost", "dash-in-front", "range-of-days"],
)
def test_garbled_header_dates(header, date, confidence):
    got = middle(header)
    assert (got.date, got.date_confidence) == (date, confidence)
    assert got.title == "LaMA-NAS: Efficient Search"


def test_dot_moved_header_date_with_title_on_the_next_line():
    text = corpus(
        review("המאמר היומי של מייק 06.09.24: First Paper Title"),
        review("אמאמר היומי של מייק 9.709.24 המאמר היומי של מייק 4 €\nReMamba: Equip Mamba", body=OTHER),
        review("המאמר היומי של מייק 08.09.24: Third Paper Title"),
    )
    got = segment_text(text)[1]
    assert (got.date, got.date_confidence, got.title) == ("2024-09-07", "repaired", "ReMamba: Equip Mamba")


def test_two_dates_in_one_header_take_the_one_the_sequence_allows():
    got = middle("המאמר היומי של מייק 02.06.24 . המאמר היומי של מייק 14.06.24 . ↑ The Geometry of Concepts")
    assert (got.date, got.date_confidence, got.title) == ("2024-06-02", "repaired", "The Geometry of Concepts")


def test_date_after_the_name_and_before_it():
    after = middle("א המאמר היומי של מייק 02.06.24: CLLMs: Consistency Large Language Models")
    before = middle(":02.06.24 - המאמר היומי של מייק CLLMs: Consistency Large Language Models")
    assert after.date == before.date == "2024-06-02"
    assert after.title == before.title == "CLLMs: Consistency Large Language Models"


def test_two_authors_header():
    got = middle("02.06.24 - המאמר היומי של אוראל ומייק MAKING TEXT EMBEDDERS FEW-SHOT LEARNERS")
    assert (got.date, got.date_confidence, got.title) == ("2024-06-02", "printed", "MAKING TEXT EMBEDDERS FEW-SHOT LEARNERS")


@pytest.mark.parametrize(
    "header",
    [
        "ע בייק 02.06.24 (בייק 02.06.24 → Consistency Models",  # the series' name lost, the author misread
        "ק במאמר היומי של מייק 02.06.24; Consistency Models",  # the name cut short
        "א ביומי של מייק 02.06.24 . 02.06 . Consistency Models",
    ],
)
def test_series_phrase_cut_short_or_missing(header):
    got = middle(header)
    assert (got.date, got.title) == ("2024-06-02", "Consistency Models")


@pytest.mark.parametrize(
    "header",
    [
        "$\\cancel{A} \\neq .02.06.24$ המאמר היומי של מייק $\\cancel{A} \\neq .$ Consistency Models",
        "extstyle eq arphi :02.06.24 המאמר היומי של מייק extstyle eq arphi Consistency Models.",
        "🊀 🧲 אמאמר היומי של מייק 02.06.24: 🤣\n\nConsistency Models",
        " $\\cancel{\\mathscr{A}}\neq 02.06.24$ המאמר היומי של מייק $\\cancel{\\mathscr{A}}\neq 4$\n\nConsistency Models",
    ],
    ids=["latex", "latex-without-backslashes", "emoji", "latex-over-three-lines"],
)
def test_emoji_and_latex_junk_around_the_header(header):
    got = middle(header)
    assert (got.date, got.date_confidence, got.title) == ("2024-06-02", "printed", "Consistency Models")


def test_header_recognised_and_body_mention_not():
    assert is_header("אמר היומי של מייק 203.06.24 המאמר היומי של מייק 63.06.24 Better & Faster")
    assert not is_header("היום המאמר היומי הוא מלפני שנה בערך והוא משך את תשומת ליבי")
    assert not is_header("כשהמודל עונה על שאלה מסוימת (ומייקר את חשבון החשמל) 12.06.24")
    assert not is_header("מייק שאל אותי אתמול על המאמר הזה ועל ההמשך שלו")


def test_bare_header_phrase_inside_an_unfinished_review_is_body():
    text = corpus(
        "29.01.25 - המאמר היומי של מייק A Survey on Diffusion Models",
        BODY,
        OTHER,
        "המאמר היומי של מייק",
        "סקירה זו מאגדת באלגנטיות כלים מתמטיים מתקדמים.",
        "https://arxiv.org/pdf/2410.00083",
        review("31.01.25 - המאמר היומי של מייק Law of the Weakest Link"),
    )
    reviews = segment_text(text)
    assert [r.id for r in reviews] == ["2025-01-29", "2025-01-31"]
    assert reviews[0].arxiv == ["2410.00083"]


# --- reviews without headers, titles in their places ------------------------------------------------

def test_headerless_review_after_the_previous_link_is_inferred():
    text = corpus(
        review("המאמר היומי של מייק 07.06.24 Scaling and evaluating sparse autoencoders"),
        review("למאמר הזה יש עוד שם והוא mamba-2. " + OTHER, body=BODY, link="קריאה מהנה! https://arxiv.org/abs/2405.21060"),
        review("המאמר היומי של מייק 09.06.24 What Do Language Models Learn in Context?"),
    )
    reviews = segment_text(text)
    assert [(r.id, r.date_confidence) for r in reviews] == [
        ("2024-06-07", "printed"), ("2024-06-08", "inferred"), ("2024-06-09", "printed")]
    assert reviews[1].title is None and reviews[1].arxiv == ["2405.21060"]


def test_headerless_review_opening_with_a_title_line():
    text = corpus(
        review("המאמר היומי של מייק 11.08.24 Masked Attention is All You Need for Graphs"),
        review("Gemma Scope: Open Sparse Autoencoders Everywhere All At Once on Gemma 2", link="https://arxiv.org/abs/2408.05147"),
    )
    reviews = segment_text(text)
    assert reviews[1].title == "Gemma Scope: Open Sparse Autoencoders Everywhere All At Once on Gemma 2"
    assert (reviews[1].id, reviews[1].date_confidence) == ("2024-08-12", "inferred")


def test_headerless_review_after_a_review_with_no_link():
    text = corpus(
        review("ע בייק 20.07.24 → Consistency Models", body="\n\n".join([BODY, OTHER, BODY, "סיימנו, מקווה שלא איבדתי אותכם כאן..."]), link=None),
        review("אוקיי, בסקירה הקודמת סקרתי מאמר בנושא מודלי דיפוזיה. " + OTHER, link="https://arxiv.org/pdf/2305.13301"),
        review("אמר היומי של מייק 23.07.24 Feedback Efficient Online Fine-Tuning"),
    )
    reviews = segment_text(text)
    assert [r.id for r in reviews] == ["2024-07-20", "2024-07-21", "2024-07-23"]
    assert reviews[0].arxiv == [] and reviews[1].arxiv == ["2305.13301"]


def test_closing_phrase_ends_a_review_without_a_link():
    text = corpus(
        review("4 4 :11.11.24- המאמר היומי של מייק4 4 Stealing Part of a Production Language Model",
               body="\n\n".join([BODY, OTHER, "בכללי המאמר מלא ברעיונות יפים ומי שמתעניין מוזמן להעיף מבט."]), link=None),
        review("זהו מאמר שממש אהבתי, אהבתי גם את הרעיון וגם כתוב בצורה מאוד ברורה. " + BODY, link="https://arxiv.org/abs/2406.06576"),
        review("א ביומי של מייק -16.11.24 . המאמר היומי של מייק -NON-NEGATIVE CONTRASTIVE LEARNING"),
    )
    reviews = segment_text(text)
    assert [(r.id, r.arxiv) for r in reviews] == [
        ("2024-11-11", []), ("2024-11-12", ["2406.06576"]), ("2024-11-16", ["2406.00001"])]


def test_review_after_a_pause_is_dated_before_the_next():
    text = corpus(
        review("המאמר היומי של מייק 22.08.24: Approaching Deep Learning", body="\n\n".join([BODY, OTHER, BODY]), link=None),
        review("חוזרים לסקירות אחרי שבוע של חופשה עם מאמר על OCR. " + BODY, link=None),
        review("המאמר היומי של מייק 31.08.24: Counterfactual Explanations"),
    )
    reviews = segment_text(text)
    assert [(r.id, r.date_confidence) for r in reviews] == [
        ("2024-08-22", "printed"), ("2024-08-30", "inferred"), ("2024-08-31", "printed")]


def test_review_that_is_only_a_link():
    text = corpus(
        "אהמאמר היומי של מייק 17.06.24: 🥠 🏄\n\nSSAMBA: SELF-SUPERVISED AUDIO REPRESENTATION LEARNING\n\nהסקירה נמצאת כאן:\n\n"
        "https://docs.google.com/document/d/1zmMPssJs/e dit",
        review("🊀 🗲 המאמר היומי של מייק 18.06.24:\n\nHelping or Herding? REWARD MODEL ENSEMBLES"),
    )
    first, second = segment_text(text)
    assert first.title == "SSAMBA: SELF-SUPERVISED AUDIO REPRESENTATION LEARNING"
    assert first.links == ["https://docs.google.com/document/d/1zmMPssJs/edit"]
    assert second.title == "Helping or Herding? REWARD MODEL ENSEMBLES"


def test_a_url_tail_torn_off_by_ocr_is_part_of_the_link_in_the_body_too():
    text = corpus(review("המאמר היומי של מייק 17.06.24:", body=BODY + "\nהסקירה המלאה בקישור:\nhttps://docs.google.com/document/d/1z/e dit", link=None))
    (only,) = annotate_concepts(segment_text(text))
    assert only.text.endswith("https://docs.google.com/document/d/1z/edit")
    assert only.links == ["https://docs.google.com/document/d/1z/edit"]
    assert "diffusion transformer" not in {concept["name"] for concept in only.concepts}  # "dit" is DiT amid Hebrew


def test_title_split_over_two_lines_and_title_sharing_a_line_with_the_body():
    split = segment_text(review("המאמר היומי של מייק 30.09.24 ∱ SCHRODINGER'S MEMORY:\nlarge language models"))[0]
    assert split.title == "SCHRODINGER'S MEMORY: large language models"
    shared = segment_text(review(
        "יא → 18.11.24: אומי של מייק -18.11.24: *♦*\n\nKnowledge Editing in Language Models via Adapted Direct "
        "Preference Optimization היום סוקרים מאמר על עריכת ידע.", body=BODY))[0]
    assert shared.title == "Knowledge Editing in Language Models via Adapted Direct Preference Optimization"
    assert shared.text.startswith("היום סוקרים מאמר על עריכת ידע.")  # the body shares the title line
    on_header = segment_text(review("06.01.25 - המאמר היומי של מייק A Survey on Efficient Inference המאמר מספק סקירה"))[0]
    assert on_header.title == "A Survey on Efficient Inference"


def test_cut_or_garbled_header_title_is_taken_whole_from_the_next_line():
    got = segment_text(review(
        "המאמר היומי של מייק -14.10.24: *→ औ →* LMS KNOW MORE THAN THEY SHOW: ON THE IN-TRINSIC REPRESE!\n\n"
        "LLMS KNOW MORE THAN THEY SHOW: ON THE IN-TRINSIC REPRESENTATION OF LLM HALLUCINATIONS"))[0]
    assert got.title == "LLMS KNOW MORE THAN THEY SHOW: ON THE IN-TRINSIC REPRESENTATION OF LLM HALLUCINATIONS"


def test_title_loses_the_space_ocr_puts_before_a_colon():
    got = segment_text(review("27.01.25 - המאמר היומי של מייק\n\nFineZip : Pushing the Limits of Large Language Models"))[0]
    assert got.title == "FineZip: Pushing the Limits of Large Language Models"


def test_title_word_ocr_misread_is_put_right_and_lookalikes_are_kept():
    got = segment_text(review("א → :30.10.24- המאמר היומי של מייק Beyond Preferences in Al Alignment"))[0]
    assert got.title == "Beyond Preferences in AI Alignment"
    kept = segment_text(review("המאמר היומי של מייק 30.10.24 Al-Khwarizmi and Alignment of Algorithms"))[0]
    assert kept.title == "Al-Khwarizmi and Alignment of Algorithms"


def test_two_reviews_on_one_date_get_distinct_ids():
    text = corpus(
        review("03.02.25 - המאמר היומי של מייק The Perfect Blend"),
        review("03.02.25 - המאמר היומי של מייק\n\nDeep Generative Models through the Lens of the Manifold Hypothesis"),
    )
    assert [r.id for r in segment_text(text)] == ["2025-02-03", "2025-02-03-2"]


def test_provenance_line_spans_and_raw_text():
    text = corpus(review("המאמר היומי של מייק 01.06.24: First Title"), review("המאמר היומי של מייק 02.06.24: Second Title"))
    first, second = segment_text(text, source="c.txt")
    lines = text.split("\n")
    assert (first.line_start, first.line_end, second.line_start) == (1, 5, 7)
    assert first.raw_text == "\n".join(lines[0:5]) and first.source == "c.txt"


# --- dates over the sequence --------------------------------------------------------------------------

def test_date_candidates_and_resolution():
    assert [c.date.isoformat() for c in date_candidates("603.08.24")][:1] == ["2024-08-03"]
    resolved = resolve_dates([date_candidates("30.05.2024"), [], date_candidates("01.06.24"), date_candidates("63.06.24")])
    assert [(d.isoformat(), how) for d, how in resolved] == [
        ("2024-05-30", "printed"), ("2024-05-31", "inferred"), ("2024-06-01", "printed"), ("2024-06-03", "repaired")]


def test_text_clues_place_undated_reviews():
    from graphkb.extract.dates import TextClues

    monday, friday = date_candidates("18.11.24"), date_candidates("22.11.24")
    weekend = resolve_dates([monday, [], friday], [TextClues(), TextClues(weekend=True), TextClues()])
    assert weekend[1][0].isoformat() == "2024-11-19"  # no weekend day fits strictly between: the default stays
    weekend = resolve_dates([monday, [], date_candidates("25.11.24")], [TextClues(), TextClues(weekend=True), TextClues()])
    assert weekend[1][0].isoformat() == "2024-11-22"  # Friday
    yesterday = resolve_dates([monday, [], [], friday], [TextClues(), TextClues(), TextClues(day_after=date_candidates("20.11.24")[0].date), TextClues()])
    assert [d.isoformat() for d, _ in yesterday] == ["2024-11-18", "2024-11-19", "2024-11-20", "2024-11-22"]


def test_yesterday_with_a_date_dates_a_headerless_review():
    text = corpus(
        review("המאמר היומי של מייק 10.06.24: First Paper Title"),
        review("המאמר הזה הוא שפצור קל של המאמר שסקרנו אתמול 12.06.24. " + OTHER),
        review("המאמר היומי של מייק 16.06.24: Third Paper Title"),
    )
    assert [r.id for r in segment_text(text)] == ["2024-06-10", "2024-06-13", "2024-06-16"]


def test_dates_rise_through_the_shipped_corpus(corpus_path):
    reviews = read_reviews(corpus_path)
    dates = [r.date for r in reviews]
    assert dates == sorted(dates)
    assert len({r.id for r in reviews}) == len(reviews)


# --- links ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "printed",
    [
        "https://arxiv.org/abs/2405.17399",
        "https://arxiv.org/pdf/2405.17399",
        "https://www.arxiv.org/abs/2405.17399",
        "arxiv.org/pdf/2405.17399",
        "https://arxiv.org/abs/2405.17399v2",
        "<u>https://arxiv.org/abs/2405.17399</u>",
        "מאמר: https://arxiv.org/abs/2405.17399.",
        "(https://arxiv.org/pdf/2405.17399v1),",
    ],
)
def test_arxiv_ids_from_every_printed_form(printed):
    assert classify_links(find_links(printed)).arxiv == ["2405.17399"]


def test_old_style_arxiv_ids_and_link_kinds():
    assert arxiv_id("https://arxiv.org/abs/hep-th/9901001v2") == "hep-th/9901001"
    kinds = classify_links(find_links(
        "https://github.com/mcleish7/arithmetic :רפו: https://t.me/MathyAIwithMike/60 טלגרם: "
        "https://x.com/MikeE_3_14/status/1796823310459666491 https://www.linkedin.com/in/someone/"))
    assert kinds.links == ["https://github.com/mcleish7/arithmetic"]
    assert kinds.social_links == [
        "https://t.me/MathyAIwithMike/60", "https://x.com/MikeE_3_14/status/1796823310459666491",
        "https://www.linkedin.com/in/someone/"]


# --- cleaning ---------------------------------------------------------------------------------------

def test_ocr_repeats_removed_from_text_and_kept_in_raw_text():
    body = "ממשיך את הקו המחקרי של openai ממשיך את הקו המחקרי של openai המאמר הזה של אנטרופיק"
    got = segment_text(review("המאמר היומי של מייק 07.06.24 Scaling sparse autoencoders", body=body))[0]
    assert "ממשיך את הקו המחקרי של openai המאמר הזה של אנטרופיק" in got.text
    assert body in got.raw_text
    assert remove_repeats("one two three four five") == "one two three four five"


# --- never crash ------------------------------------------------------------------------------------

header_like = st.sampled_from(["המאמר היומי של מייק ", "12.06.24", "92.06.24", "https://arxiv.org/abs/2401.00001", "\n", "\n\n", "$\\cancel{A}$", "Title: A Paper", "מייק", "-", "."])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_segmentation_never_crashes_on_arbitrary_unicode(text):
    for record in segment_text(text):
        assert record.line_start <= record.line_end


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(header_like, st.text(max_size=30)), max_size=40).map("".join))
def test_segmentation_never_crashes_on_header_like_noise(text):
    records = segment_text(text)
    assert len({r.id for r in records}) == len(records)
    assert all(r.date_confidence in ("printed", "repaired", "inferred") for r in records)

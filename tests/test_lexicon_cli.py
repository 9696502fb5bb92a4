"""``graphkb lexicon suggest``, ``mentions`` and ``check`` end to end, on a corpus and data files of their own."""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from graphkb.cli import cli
from graphkb.extract.lexicon import LEXICON_PATH

# four reviews of a series of our own: a new architecture in English and in Hebrew letters, a defined acronym,
# a Hebrew loanword with no English spelling, and names the lexicon has (which must never come back)
REVIEWS = {
    "01.06.24": "היום נסקור את Perceiver, ארכיטקטורה שמחליפה את ה-attention. ה-Perceiver קורא כל קלט. "
    "נשתמש גם ב-DPO ובטוקנייזר רגיל. המחברים מציעים Latent Thought Policy או בקיצור LTP.",
    "02.06.24": "ממשיכים עם Perceiver על תמונות ווידאו. שיטת LTP משפרת את הקוונטיפיקציה של אי-הוודאות.",
    "03.06.24": "הפרסיבר חוזר: הפעם בשילוב LTP. שוב נדרשת קוונטיפיקציה של אי-ודאות והטוקנייזר לא משתנה.",
    "04.06.24": "סקירה קצרה על DPO ועל RLHF, בלי שום דבר חדש.",
}


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "reviews.txt"
    path.write_text(
        "".join(
            f"המאמר היומי של מייק {date} A study of inputs\n\n{text}\n\nhttps://arxiv.org/abs/2406.{number:05d}\n\n"
            for number, (date, text) in enumerate(REVIEWS.items(), 1)
        ),
        encoding="utf-8",
    )
    return path


def _daily_reviews(tmp_path, texts):
    """A corpus of one short review a day, June 2024, one per text."""
    path = tmp_path / "reviews.txt"
    path.write_text(
        "".join(f"המאמר היומי של מייק 0{day}.06.24 A study\n\n{text}\n\nhttps://arxiv.org/abs/2406.0000{day}\n\n" for day, text in enumerate(texts, 1)),
        encoding="utf-8",
    )
    return path


def _suggest(*arguments: str):
    result = CliRunner().invoke(cli, ["lexicon", "suggest", *arguments], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_suggest_yaml_lists_new_terms_as_entries_to_paste(corpus):
    output = _suggest(str(corpus))
    entries = yaml.safe_load(output)
    by_name = {entry["name"]: entry for entry in entries}
    # English and Hebrew-letter spellings of one new term are one entry, counted over three reviews
    assert "פרסיבר" in by_name["Perceiver"]["aliases"]
    assert "# Perceiver: 3 reviews" in output
    assert "#   2024-06-01: " in output and "היום נסקור את Perceiver" in output
    # an acronym the text defines comes with its long form
    assert by_name["LTP"]["aliases"] == ["Latent Thought Policy"]
    # a repeated loanword no English spelling names is listed under its Hebrew spelling, for the curator to name
    assert "קוונטיפיקציה" in by_name
    assert "no English spelling seen" in output
    # names the lexicon has never come back, whatever the prefix ("ובטוקנייזר", "ה-attention")
    assert not {"DPO", "RLHF", "attention", "טוקנייזר", "הטוקנייזר", "ובטוקנייזר"} & set(by_name)
    assert all(entry["kind"] for entry in entries)
    assert list(by_name) == ["LTP", "Perceiver", "קוונטיפיקציה"]  # most reviewed first, then by name


def test_suggested_entries_load_as_a_lexicon(corpus, tmp_path):
    entries = yaml.safe_load(_suggest(str(corpus)))
    lexicon = tmp_path / "concepts.yaml"
    lexicon.write_text(LEXICON_PATH.read_text(encoding="utf-8") + yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "check", "--concepts", str(lexicon)])
    assert result.exit_code == 0, result.output
    # once pasted, they are no longer suggested
    assert "Perceiver" not in {entry["name"] for entry in yaml.safe_load(_suggest(str(corpus), "--concepts", str(lexicon))) or []}


def test_a_lexicon_phrase_with_its_loanword_spelled_another_way_is_suggested_as_an_alias(tmp_path):
    lexicon = tmp_path / "concepts.yaml"
    lexicon.write_text("- {name: scaling laws, kind: theory, aliases: [חוקי סקיילינג]}\n", encoding="utf-8")
    texts = ["חוקי סקליינג מנבאים את הלוס של מודלים גדולים.", "המחברים שוברים את חוקי הסקליינג עם דאטה מסונן.", "ושוב סקליינג."]
    corpus = _daily_reviews(tmp_path, texts)
    output = _suggest(str(corpus), "--concepts", str(lexicon))
    assert "# חוקי סקליינג: 2 reviews (another spelling of scaling laws: add it to that entry's aliases)" in output
    assert not yaml.safe_load(output)  # nothing to paste as a new entry: the concept has one
    rows = json.loads(_suggest(str(corpus), "--concepts", str(lexicon), "--format", "json"))
    assert [(row["name"], row["spelling_of"]) for row in rows] == [("חוקי סקליינג", "scaling laws")]


def test_words_that_name_nothing_on_their_own_are_not_suggested(tmp_path):
    """An adjective, OCR's "l" for "I" in a known name, and a loanword the lexicon has only inside a phrase are no new
    terms; a noun beside them, and the same loanword standing alone, are."""
    lexicon = tmp_path / "concepts.yaml"
    lexicon.write_text("- {name: normalization layers, kind: component, aliases: [שכבת נורמליזציה]}\n", encoding="utf-8")
    texts = [
        "שיטה Effective מאוד: Hypernetwork קטן ואחריו שכבת נורמליזציה, כמו שעשו ב-OpenAl.",
        "שוב Effective ושוב Hypernetwork, והמחברים של OpenAl מוסיפים שכבת נורמליזציה בכל בלוק.",
        "בלי שום Hypernetwork: עושים נורמליזציה של הקלט, וב-OpenAl לא מגיבים.",
        "ואחר כך נורמליזציה של הפלט.",
    ]
    corpus = _daily_reviews(tmp_path, texts)
    names = {entry["name"]: entry for entry in json.loads(_suggest(str(corpus), "--concepts", str(lexicon), "--format", "json"))}
    assert "Hypernetwork" in names
    assert not {"Effective", "OpenAl"} & set(names)
    # "נורמליזציה" inside "שכבת נורמליזציה" is the lexicon's phrase; alone, in two reviews, it is a term to name
    assert names["נורמליזציה"]["reviews"] == 2


def test_a_word_of_the_language_is_not_joined_to_a_name_it_sounds_like(tmp_path):
    """"כלומר" ("that is") has the consonants of "Chalmers"; a word most reviews use is Hebrew, not a loanword."""
    texts = [
        "כלומר, Chalmers שואל על תודעה.",
        "כלומר, שוב Chalmers ושאלת התודעה.",
        "כלומר, המודל גדול.",
        "כלומר, הדאטה קטן.",
        "כלומר, הלוס יורד.",
    ]
    corpus = _daily_reviews(tmp_path, texts)
    names = {entry["name"]: entry for entry in json.loads(_suggest(str(corpus), "--format", "json"))}
    assert names["Chalmers"]["reviews"] == 2
    assert "כלומר" not in names["Chalmers"]["aliases"]


def test_suggest_min_reviews_json_and_table(corpus):
    names = {entry["name"]: entry for entry in json.loads(_suggest(str(corpus), "--min-reviews", "3", "--format", "json"))}
    assert set(names) == {"Perceiver", "LTP"}
    assert names["Perceiver"]["reviews"] == 3 and len(names["Perceiver"]["contexts"]) == 2
    table = _suggest(str(corpus), "--format", "table")
    assert "Perceiver" in table and "פרסיבר" in table


def test_check_passes_the_shipped_data_files():
    result = CliRunner().invoke(cli, ["lexicon", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ") and "concepts" in result.output


def _broken_lexicon(tmp_path, replace: str, by: str):
    shipped = LEXICON_PATH.read_text(encoding="utf-8")
    assert replace in shipped
    broken = tmp_path / "concepts.yaml"
    broken.write_text(shipped.replace(replace, by, 1), encoding="utf-8")
    return broken, shipped[: shipped.index(replace)].count("\n") + 1


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("broader: [self-supervised learning]}", "broader: [self-supervized learning]}", "unknown broader concept 'self-supervized learning'"),
        ("aliases: [ML, ", "aliases: [DPO, ML, ", "alias 'DPO' is claimed by both"),
        ("kind: field, aliases: [ML,", "kind: feild, aliases: [ML,", "unknown kind 'feild'"),
        ("- {name: deep learning,", "- {name: deep learning, [", "not valid YAML"),
    ],
)
def test_check_reports_file_and_line_of_a_broken_custom_lexicon(tmp_path, replace, by, message):
    broken, line = _broken_lexicon(tmp_path, replace, by)
    result = CliRunner().invoke(cli, ["lexicon", "check", "--concepts", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:" in result.stderr and message in result.stderr
    if message != "alias 'DPO' is claimed by both":  # an alias claimed twice is reported at its second owner
        assert f"{broken}:{line}:" in result.stderr
    assert "1 of" in result.stderr and "data files have errors" in result.stderr


def test_check_reports_a_cue_pattern_that_does_not_compile(tmp_path):
    from graphkb.extract.continuations import CUES_PATH

    shipped = CUES_PATH.read_text(encoding="utf-8")
    start = shipped.index("    pattern: ")
    broken = tmp_path / "cues.yaml"
    broken.write_text(shipped[:start] + '    pattern: "(unclosed"\n' + shipped[shipped.index("\n", start) + 1 :], encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "check", "--cues", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:{shipped[:start].count(chr(10)) + 1}:" in result.stderr and "bad pattern" in result.stderr


def test_suggest_on_a_missing_corpus_is_one_line_and_exit_2(tmp_path, capsys):
    from graphkb.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["lexicon", "suggest", str(tmp_path / "nowhere.txt")])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("graphkb: error: ") and "nowhere.txt" in error and error.count("\n") == 1


def test_check_of_a_broken_lexicon_exits_1_from_the_entry_point_too(tmp_path, capsys):
    # outside click's standalone mode a command's ctx.exit(1) comes back as a return value, not an exit
    from graphkb.cli import main

    broken, _ = _broken_lexicon(tmp_path, "kind: field, aliases: [ML,", "kind: feild, aliases: [ML,")
    with pytest.raises(SystemExit) as exited:
        main(["lexicon", "check", "--concepts", str(broken)])
    assert exited.value.code == 1
    assert "unknown kind 'feild'" in capsys.readouterr().err


# three reviews that name machine translation: the reviewer's own translation and the task, a negated mention, and
# an acronym written once with nothing of its family beside it
TRANSLATION = [
    "בתרגום חופשי, השם של השיטה הוא חשיבה איטית. המודל משפר את התרגום מאנגלית לצרפתית.",
    "המאמר מציע סיכום טקסטים ללא תרגום מכונה.",
    "הכלי החדש נקרא NMT והוא כותב שירים.",
]


def test_mentions_lists_every_place_a_concept_is_named_and_why_it_does_not_count(tmp_path):
    corpus = _daily_reviews(tmp_path, TRANSLATION)
    result = CliRunner().invoke(cli, ["lexicon", "mentions", "NMT", str(corpus), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    places = json.loads(result.output)
    # an alias ("NMT") finds its concept; every place comes with the words read, its sentence and its status
    assert [(place["date"], place["written"], place["why"]) for place in places] == [
        ("2024-06-01", "תרגום", "other sense"),
        ("2024-06-01", "תרגום", None),
        ("2024-06-02", "תרגום מכונה", "negated"),
        ("2024-06-03", "NMT", "not kept"),
    ]
    assert places[0]["context"].startswith("בתרגום חופשי") and places[1]["counted"] and not places[3]["counted"]
    table = CliRunner().invoke(cli, ["lexicon", "mentions", "machine translation", str(corpus), "--set-aside"]).output
    assert "3 places in 3 reviews, 3 not counted" in table and "counts" not in table


def test_mentions_of_a_name_the_lexicon_lacks_is_one_line_and_exit_2(tmp_path, capsys):
    from graphkb.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["lexicon", "mentions", "machine translaton", str(_daily_reviews(tmp_path, TRANSLATION))])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no concept of the lexicon is named 'machine translaton'" in error
    assert "machine translation" in error  # the close name is offered


def test_thin_lists_the_places_of_concepts_a_review_names_once_or_twice(tmp_path):
    corpus = _daily_reviews(tmp_path, [
        "המודל משפר את התרגום מאנגלית לצרפתית.",  # before --since: left out
        "DPO ו-DPO ועוד DPO, בלי PPO. אחר כך המודל משפר את התרגום מגרמנית לאנגלית.",
    ])
    result = CliRunner().invoke(cli, ["lexicon", "thin", str(corpus), "--since", "2024-06-02", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    places = json.loads(result.output)
    # DPO is named three times and PPO is negated: only the single translation remains, with its sentence
    assert [(place["date"], place["concept"], place["written"]) for place in places] == [("2024-06-02", "machine translation", "תרגום")]
    assert places[0]["context"].startswith("אחר כך המודל")
    assert "DPO" in {place["concept"] for place in json.loads(CliRunner().invoke(
        cli, ["lexicon", "thin", str(corpus), "--most", "3", "--format", "json"]).output)}
    table = CliRunner().invoke(cli, ["lexicon", "thin", str(corpus)]).output
    assert "2 places of concepts named at most 2 times in 2 reviews" in table

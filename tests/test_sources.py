"""Reading sources: plain text in any usual encoding, Telegram exports, folders; bad input."""

from __future__ import annotations

import codecs
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkb.extract.sources import decode_text, read_reviews
from graphkb.errors import InputError

SAMPLE = (
    "המאמר היומי של מייק 14.06.24: CLLMs: Consistency Large Language Models\n\n"
    "המאמר מציע להאיץ את מודלי השפה בעזרת שיטת יאקובי לגנרוט מקבילי של טוקנים רבים בבת אחת.\n\n"
    "https://arxiv.org/abs/2403.00835\n\n"
    "🊀 🧲 אמאמר היומי של מייק 15.06.24: 🤣\n\n"
    "MEDUSA: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads\n\n"
    "ב 3 הסקירות האחרונות ראינו כמה שיטות איטרטיביות מקבילות להאצת גנרוט טקסט ממודלי שפה.\n\n"
    "https://arxiv.org/pdf/2401.10774\n"
)
EXPECTED = [
    ("2024-06-14", "CLLMs: Consistency Large Language Models", ["2403.00835"]),
    ("2024-06-15", "MEDUSA: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads", ["2401.10774"]),
]


def summary(reviews):
    return [(r.id, r.title, r.arxiv) for r in reviews]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with BOM
        lambda t: t.encode("utf-16-le"),  # without BOM
        lambda t: t.encode("utf-16-be"),
        lambda t: t.replace("🊀 🧲 ", "").replace(" 🤣", "").encode("cp1255"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16-le", "utf16-be", "windows-1255", "crlf"],
)
def test_encodings_are_detected(tmp_path, encode):
    path = tmp_path / "corpus.txt"
    path.write_bytes(encode(SAMPLE))
    assert summary(read_reviews(path)) == EXPECTED


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_mostly_hebrew_utf16_without_bom(codec):
    hebrew = "סקירה־יומית:שלום" * 300  # hardly a zero byte in it
    assert decode_text(hebrew.encode(codec)) == hebrew


def test_nfc_normalisation():
    decomposed = "שָׁלוֹם".encode("utf-8")
    import unicodedata

    assert decode_text(unicodedata.normalize("NFD", "שָׁלוֹם").encode()) == unicodedata.normalize("NFC", decomposed.decode())


def test_explicit_encoding(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_bytes(SAMPLE.replace("🊀 🧲 ", "").replace(" 🤣", "").encode("cp1255"))
    assert summary(read_reviews(path, encoding="cp1255")) == EXPECTED
    with pytest.raises(InputError, match="not valid utf-8"):
        read_reviews(path, encoding="utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        read_reviews(path, encoding="klingon")


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 20, "binary"),
        ("שלום עולם, אין כאן סקירה".encode("utf-8"), "no review"),
        (bytes([0x80, 0x81, 0xff, 0xfe, 0x9f]) * 50, "--encoding"),
    ],
    ids=["missing", "empty", "blank", "binary", "no-review", "undecodable"],
)
def test_bad_input_raises_one_clear_error(tmp_path, content, message):
    path = tmp_path / "corpus.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_reviews(path)


def test_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no .txt or .md"):
        read_reviews(tmp_path)


def _export(messages):
    return {"name": "Mathy AI with Mike", "type": "public_channel", "id": 1, "messages": messages}


def test_telegram_export_round_trip(tmp_path):
    halves = SAMPLE.split("🊀 🧲 ")
    plain, entities = halves[0].strip(), "🊀 🧲 " + halves[1].strip()
    head, link = entities.rsplit("\n\n", 1)
    messages = [
        {"id": 60, "type": "message", "date": "2024-06-14T09:00:00", "text": plain},
        {"id": 61, "type": "service", "date": "2024-06-14T10:00:00", "action": "pin_message", "text": ""},
        {"id": 62, "type": "message", "date": "2024-06-14T20:00:00", "text": "בוקר טוב!"},
        {"id": 63, "type": "message", "date": "2024-06-15T09:00:00",
         "text": [head + "\n\n", {"type": "bold", "text": "מאמר: "}, {"type": "link", "text": link}]},
    ]
    export = tmp_path / "export"
    export.mkdir()
    (export / "result.json").write_text(json.dumps(_export(messages), ensure_ascii=False), encoding="utf-8")
    from_json = read_reviews(export / "result.json")
    assert summary(from_json) == EXPECTED
    assert summary(read_reviews(export)) == EXPECTED
    assert from_json[1].source == "result.json#63"


def test_telegram_message_date_dates_a_headerless_post(tmp_path):
    messages = [{"id": 1, "type": "message", "date": "2024-07-01T08:00:00",
                 "text": ["סקירה קצרה על מאמר חדש בנושא מודלי שפה ", {"type": "text_link", "text": "כאן", "href": "https://arxiv.org/abs/2406.12345"}]}]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(_export(messages)), encoding="utf-8")
    (got,) = read_reviews(path)
    assert (got.id, got.date_confidence, got.arxiv) == ("2024-07-01", "printed", ["2406.12345"])


def test_telegram_errors(tmp_path):
    path = tmp_path / "result.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_reviews(path)
    path.write_text(json.dumps({"chats": []}), encoding="utf-8")
    with pytest.raises(InputError, match="not a Telegram"):
        read_reviews(path)


def test_folder_round_trip(tmp_path):
    first, second = SAMPLE.split("🊀 🧲 ")
    (tmp_path / "10-second.md").write_text("🊀 🧲 " + second, encoding="utf-8")
    (tmp_path / "9-first.txt").write_text(first, encoding="utf-16")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    reviews = read_reviews(tmp_path)
    assert summary(reviews) == EXPECTED
    assert [r.source for r in reviews] == ["9-first.txt", "10-second.md"]
    assert reviews[0].line_start == 1


def test_folder_file_name_dates_an_undated_review(tmp_path):
    (tmp_path / "2024-07-02.md").write_text(
        "Scaling Laws for Sparse Models\n\nסקירה על חוקי סקיילינג של מודלים דלילים ואיך הם משתנים עם גודל המודל.\n",
        encoding="utf-8")
    (got,) = read_reviews(tmp_path)
    assert (got.id, got.title) == ("2024-07-02", "Scaling Laws for Sparse Models")


def _entity_parts(text: str) -> list:
    """Telegram's list form: plain strings with links as entity objects."""
    import re

    parts: list = []
    position = 0
    for match in re.finditer(r"https?://\S+", text):
        parts.append(text[position : match.start()])
        parts.append({"type": "link", "text": match.group(0)})
        position = match.end()
    parts.append(text[position:])
    return [part for part in parts if part]


def _fields(reviews):
    return [(r.id, r.title, r.arxiv, r.links, r.social_links) for r in reviews]


def test_shipped_corpus_round_trips_through_a_telegram_export(tmp_path, corpus_path):
    reviews = read_reviews(corpus_path)
    messages = [
        {"id": number, "type": "message", "date": f"{review.date}T09:00:00",
         "text": review.raw_text if number % 2 else _entity_parts(review.raw_text)}
        for number, review in enumerate(reviews, 1)
    ]
    path = tmp_path / "result.json"
    path.write_text(json.dumps(_export(messages), ensure_ascii=False), encoding="utf-8")
    exported = read_reviews(path)
    assert _fields(exported) == _fields(reviews)
    assert [r.text for r in exported] == [r.text for r in reviews]


def test_shipped_corpus_round_trips_through_a_folder(tmp_path, corpus_path):
    reviews = read_reviews(corpus_path)
    for number, review in enumerate(reviews, 1):
        suffix = ".md" if number % 2 else ".txt"
        (tmp_path / f"review-{number}{suffix}").write_text(review.raw_text + "\n", encoding="utf-8")
    from_folder = read_reviews(tmp_path)
    assert _fields(from_folder) == _fields(reviews)
    assert [(r.date, r.date_confidence) for r in from_folder] == [(r.date, r.date_confidence) for r in reviews]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_give_reviews_or_one_input_error(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    try:
        reviews = read_reviews(path)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert reviews and all(r.line_start >= 1 for r in reviews)


def test_a_huge_file_is_refused_with_one_clear_message(tmp_path, monkeypatch):
    import graphkb.extract.sources as sources

    corpus = tmp_path / "huge.txt"
    corpus.write_text("המאמר היומי של מייק 30.05.24 . A Title\n\nbody https://arxiv.org/abs/2405.18047\n" * 50, encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 1024)
    with pytest.raises(InputError, match="GiB a file: split the corpus"):
        sources.read_reviews(corpus)

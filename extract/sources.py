"""Reading reviews from what a reader of the series has: a text corpus, a
Telegram Desktop channel export, or a folder of ``.txt``/``.md`` files.

All three give the same :class:`~graphkb.records.Review` records.  Text is
decoded (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1255, or the
``encoding`` given) and NFC-normalised.  Anything unreadable raises one
:class:`~graphkb.errors.InputError` with a message a user can act on.

Examples
--------
>>> from graphkb import DEFAULT_CORPUS
>>> reviews = read_reviews(DEFAULT_CORPUS)
>>> reviews[0].id, reviews[0].title
('2024-05-30', '2BP: 2-Stage Backpropagation')
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from graphkb.extract.segment import Draft, finalize, split_drafts
from graphkb.errors import InputError
from graphkb.records import Review

__all__ = ["read_reviews", "decode_text", "telegram_message_text", "TEXT_SUFFIXES", "MAX_INPUT_BYTES"]

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
_SNIFF_BYTES = 4096
# 100x the example corpus is ~120 MB; past this a file is almost surely not a review series
MAX_INPUT_BYTES = 2**30
_READ_CHUNK = 2**22


def read_reviews(source: str | Path, encoding: str | None = None) -> list[Review]:
    """Every review in ``source``, in series order.

    Parameters
    ----------
    source : str or Path
        A plain-text corpus, a Telegram Desktop export (``result.json`` or the
        folder holding it), or a folder of ``.txt``/``.md`` files, one review each.
    encoding : str, optional
        The text encoding; detected when omitted.

    Raises
    ------
    graphkb.errors.InputError
        The source is missing, empty, binary, undecodable, or holds no review.
    """
    path = Path(source)
    try:
        is_folder = stat.S_ISDIR(path.stat().st_mode)
    except FileNotFoundError:
        raise InputError(f"no such file or folder: {path}") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if is_folder:
        export = path / "result.json"
        reviews = _read_telegram(export, encoding) if export.is_file() else _read_folder(path, encoding)
    elif path.suffix.lower() == ".json":
        reviews = _read_telegram(path, encoding)
    else:
        text = decode_text(_read_bytes(path), path, encoding)
        reviews = finalize(split_drafts(text, source=path.name))
    if not reviews:
        raise InputError(f"no review found in {path}: expected dated review headers or paper links")
    return reviews


def _too_big(path: Path) -> InputError:
    return InputError(f"{path} is too large: graphkb reads at most {MAX_INPUT_BYTES / 2**30:g} GiB a file: split the corpus")


def _read_capped(path: Path) -> bytes:
    """The bytes of the regular file ``path``, refusing more than :data:`MAX_INPUT_BYTES`.

    The file is opened without blocking and checked to be a regular file
    before anything is read, so a FIFO cannot hang the command and a device
    such as ``/dev/zero`` cannot fill the memory; the cap holds while
    reading, whatever ``st_size`` said.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    with open(fd, "rb", closefd=True) as handle:
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise InputError(f"{path} is not a regular file (a pipe, device or socket): save the corpus to a file first")
            if status.st_size > MAX_INPUT_BYTES:
                raise _too_big(path)
            chunks, total = [], 0
            while chunk := handle.read(_READ_CHUNK):
                total += len(chunk)
                if total > MAX_INPUT_BYTES:  # the file grew while being read
                    raise _too_big(path)
                chunks.append(chunk)
        except OSError as error:
            raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    return b"".join(chunks)


def _read_bytes(path: Path) -> bytes:
    data = _read_capped(path)
    if not data.strip():
        raise InputError(f"{path} is empty")
    return data


def decode_text(data: bytes, path: Path | str = "input", encoding: str | None = None) -> str:
    """Decode ``data`` to NFC text with Unix line ends.

    With no ``encoding``: a BOM decides (UTF-8, UTF-16, UTF-32); else UTF-16
    without BOM when the bytes pair up as Latin or Hebrew code units; else
    UTF-8; else Windows-1255 when the bytes read as Hebrew.  Binary data is
    refused.

    >>> decode_text("שלום".encode("cp1255"))
    'שלום'
    >>> decode_text(codecs.BOM_UTF8 + "שלום\\r\\n".encode())
    'שלום\\n'
    """
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as error:
            raise InputError(f"{path} is not valid {encoding}: {error.reason} {_where(data, error.start)}") from None
        return _normalise(text.removeprefix("\ufeff"))
    for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                      (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _normalise(data.decode(name))
            except UnicodeDecodeError:
                raise InputError(f"{path} starts with a {name} byte-order mark but does not decode; pass --encoding") from None
    head = data[:_SNIFF_BYTES]
    codec = _utf16_without_bom(head)
    if codec:
        try:
            return _normalise(data.decode(codec))
        except UnicodeDecodeError:
            pass
    if b"\x00" in head:
        raise InputError(f"{path} looks binary, not text; if it is text, pass --encoding")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        first_bad = error.start
    try:
        text = data.decode("cp1255")
    except UnicodeDecodeError:
        text = ""
    if text and _mostly_hebrew_or_ascii(text):
        return _normalise(text)
    bad = _bad_utf8_places(data)
    if bad <= max(1, len(data) // 1000):
        raise InputError(
            f"{path} is UTF-8 but for {bad} bad place{'s' if bad > 1 else ''}, the first {_where(data, first_bad)}: "
            "correct it in an editor, or drop bad bytes with: iconv -c -f utf-8 -t utf-8 FILE > FIXED"
        )
    raise InputError(
        f"cannot tell the text encoding of {path} (not UTF-8 {_where(data, first_bad)}, nor Windows-1255 Hebrew): "
        "pass the file's encoding, e.g. --encoding cp1255 or --encoding iso-8859-8"
    )


def _where(data: bytes, offset: int) -> str:
    """Where byte ``offset`` is, for a message; the column counts characters, as editors do.

    >>> _where("אב\\nגד!".encode() + b"\\xff", 10)
    'byte 0xff at line 2, column 4 (offset 10)'
    """
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return f"byte 0x{data[offset]:02x} at line {line}, column {column} (offset {offset})"


def _bad_utf8_places(data: bytes) -> int:
    """How many places in ``data`` are not UTF-8 (each becomes one U+FFFD)."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.count("\ufffd".encode())


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the high bytes of the 16-bit units are mostly
    0x00 (Latin) or 0x05 (Hebrew) and the low bytes are not."""
    if len(head) < 4:
        return None
    for codec, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        hebrew_or_latin = sum(1 for byte in high if byte in (0x00, 0x05))
        if hebrew_or_latin >= 0.6 * len(high) and low.count(0) <= 0.05 * len(low):
            return codec
    return None


def _mostly_hebrew_or_ascii(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    good = sum(1 for c in letters if c.isascii() or "\u05d0" <= c <= "\u05ea")
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    return good / len(letters) >= 0.9 and control == 0


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise InputError("the text holds NUL characters: it looks binary or needs --encoding")
    return unicodedata.normalize("NFC", text)


def _read_folder(folder: Path, encoding: str | None) -> list[Review]:
    """A folder of ``.txt``/``.md`` files, one review each, in natural name order."""
    try:
        files = sorted(
            (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")),
            key=lambda p: [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", p.name)],
        )
    except OSError as error:
        raise InputError(f"cannot read the folder {folder}: {error.strerror or error}") from None
    if not files:
        raise InputError(f"folder {folder} holds no .txt or .md file and no Telegram result.json")
    drafts: list[Draft] = []
    for file in files:
        data = _read_capped(file)
        if not data.strip():
            continue
        text = decode_text(data, file, encoding)
        pieces = split_drafts(text, source=file.name)
        if not pieces:
            continue
        draft = _as_one(pieces, text, file.name)
        draft.hint = _date_in_name(file.stem)
        drafts.append(draft)
    return finalize(drafts)


def _as_one(pieces: list[Draft], text: str, source: str) -> Draft:
    """One draft spanning a whole document that holds one review."""
    first = pieces[0]
    lines = text.split("\n")
    first.lines = lines[first.line_start - 1 : pieces[-1].line_end]
    first.line_end = pieces[-1].line_end
    first.source = source
    return first


def _date_in_name(name: str) -> dt.date | None:
    match = re.search(r"(20\d\d)[-_.]?(\d\d)[-_.]?(\d\d)", name)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def telegram_message_text(message: dict[str, Any]) -> str:
    """A Telegram export message's text, whether a string or a list of entity parts.

    Link entities whose shown text differs from their target keep the target.

    >>> telegram_message_text({"text": ["paper: ", {"type": "text_link", "text": "here", "href": "https://arxiv.org/abs/2401.1"}]})
    'paper: here https://arxiv.org/abs/2401.1'
    """
    text = message.get("text", "")
    if isinstance(text, str):
        return text
    parts = []
    for part in text if isinstance(text, list) else []:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict):
            shown = part.get("text", "")
            shown = shown if isinstance(shown, str) else ""
            href = part.get("href")
            parts.append(f"{shown} {href}" if isinstance(href, str) and href and href not in shown else shown)
    return "".join(parts)


def _read_telegram(path: Path, encoding: str | None) -> list[Review]:
    """A Telegram Desktop channel export: each text message is one review."""
    text = decode_text(_read_bytes(path), path, encoding)
    try:
        export = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not valid JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise InputError(f"{path} nests JSON too deeply to be a Telegram Desktop export") from None
    messages = export.get("messages") if isinstance(export, dict) else None
    if not isinstance(messages, list):
        raise InputError(f"{path} is not a Telegram Desktop export: it has no 'messages' list")
    drafts: list[Draft] = []
    for message in messages:
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        body = unicodedata.normalize("NFC", telegram_message_text(message).replace("\r\n", "\n"))
        pieces = split_drafts(body, source=f"{path.name}#{message.get('id', len(drafts) + 1)}")
        if not pieces:
            continue
        draft = _as_one(pieces, body, pieces[0].source)
        draft.hint = _message_date(message)
        drafts.append(draft)
    return finalize(drafts)


def _message_date(message: dict[str, Any]) -> dt.date | None:
    stamp = message.get("date")
    if isinstance(stamp, str):
        try:
            return dt.datetime.fromisoformat(stamp).date()
        except ValueError:
            return None
    return None

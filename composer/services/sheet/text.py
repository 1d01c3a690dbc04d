"""A CSV or TSV file's bytes as text and rows: its encoding and separator found, never guessed silently.

Sheets come from Excel on Windows as often as from anywhere: "CSV" there is Windows-1252 unless
the steward picked "CSV UTF-8", the separator is `;` wherever the decimal point is a comma, and a
UTF-8 file may start with a byte-order mark. So: a byte-order mark decides (UTF-8 or UTF-16);
else strict UTF-8; else Windows-1252 (a superset of Latin-1's letters) only when every character
it yields is one a Western European sheet plausibly holds, and the reader says that it did so.
Anything else is refused with the first byte UTF-8 could not read and the way out (save as CSV
UTF-8, or name the encoding): text read with the wrong encoding would put mojibake into lineage.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

AUTO = "auto"
# What the dialog and `--encoding` offer: codec name -> label.
ENCODINGS: dict[str, str] = {
    AUTO: "Detect (UTF-8, or Windows-1252 / Latin-1)",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252 (Western, Excel's CSV)",
    "latin-1": "ISO-8859-1 (Latin-1)",
    "utf-16": "UTF-16",
}
DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SAMPLE = 64 * 1024
_RUN_LIMIT = 3  # accented letters in a row: more than Western words have
_WESTERN_EXTRA = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


class SheetTextError(ValueError):
    """The file cannot be read as text; the message is the one line the user is shown."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # the codec used
    note: str = ""  # said to the user when the encoding was not the obvious one


def decode(data: bytes, name: str, encoding: str = AUTO) -> DecodedText:
    """The text of a sheet file; raises `SheetTextError` rather than return mojibake."""
    _refuse_binary(data, name)
    if encoding != AUTO:
        return DecodedText(_strict(data, name, encoding), encoding)
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data, name, "utf-8-sig"), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_strict(data, name, "utf-16"), "utf-16")
    if b"\x00" in data[:_SAMPLE]:
        raise SheetTextError(
            f"{name} holds NUL bytes: it is not a UTF-8 or Windows-1252 text file (UTF-16 without a "
            "byte-order mark, or a binary file). Save it as CSV UTF-8."
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error
    text = data.decode("cp1252", errors="replace")
    odd = _not_western(text)
    where = _position(data, first_bad.start)
    if odd:
        raise SheetTextError(
            f"{name} is not UTF-8 (byte 0x{data[first_bad.start]:02X} at {where} is not UTF-8) and does "
            f"not read as Windows-1252 / Latin-1 either ({odd}). "
            "Save it as CSV UTF-8, or choose its encoding."
        )
    return DecodedText(
        text,
        "cp1252",
        f"{name} is not UTF-8 (byte 0x{data[first_bad.start]:02X} at {where}); it was read as "
        "Windows-1252 (Latin-1), which all of it fits. Check the preview's accented letters; if they "
        "are wrong, choose the encoding.",
    )


def _refuse_binary(data: bytes, name: str) -> None:
    if data.startswith(b"PK\x03\x04"):
        raise SheetTextError(
            f"{name} is a zip archive, not CSV text: an .xlsx workbook? Give it the .xlsx suffix."
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetTextError(
            f"{name} is an old Excel (.xls) workbook or a password-protected one: save it as .xlsx or CSV UTF-8."
        )


def _strict(data: bytes, name: str, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise SheetTextError(
            f"{name} is not {ENCODINGS.get(encoding, encoding)}: byte 0x{data[error.start]:02X} at "
            f"{_position(data, error.start)} cannot be read. Choose another encoding."
        ) from None
    except LookupError:
        raise SheetTextError(f"unknown encoding {encoding!r}; choose from {', '.join(ENCODINGS)}") from None


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, byte {column}"


def _not_western(text: str) -> str:
    """Why `text` is not what a Western European sheet holds, or "" when it could be.

    Western words have an accented letter here and there ("München", "ação"); text of another
    encoding read as Windows-1252 gives runs of them ("ÇÁÇÒÕÚËÁ" is KOI8-R's "загрузка") or
    characters no sheet types (control codes).
    """
    run = 0
    for char in text:
        code = ord(char)
        if code < 0x80:
            run = 0
            continue
        if not (0xA0 <= code <= 0xFF or char in _WESTERN_EXTRA):
            return f"it would give {unicodedata.name(char, f'U+{code:04X}')}"
        run = run + 1 if char.isalpha() else 0
        if run >= _RUN_LIMIT:
            return "it would give runs of accented letters, as text in another encoding does"
    return ""


def choose_delimiter(text: str, suffix: str, delimiter: str | None = None) -> str:
    """The explicit separator, a tab for .tsv, else what `csv.Sniffer` finds in the first lines
    (checked against the header line, where the separator is what splits it most)."""
    if delimiter:
        return delimiter
    if suffix.lower() in (".tsv", ".tab"):
        return "\t"
    sample = text[:_SAMPLE]
    header = next((line for line in sample.splitlines() if line.strip()), "")
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed and counts.get(sniffed, 0) > 0:
        return sniffed
    best = max(counts, key=lambda candidate: counts[candidate])
    return best if counts[best] else ","


def csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells): rows counted as a spreadsheet counts them (a quoted line break stays
    inside its cell; a blank line is a row)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    yield from enumerate(reader, start=1)

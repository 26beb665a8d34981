"""Reading an uploaded CSV file into rows, the one way every import does (schools, people): the
encodings Excel saves in, the header row naming the columns, blank rows skipped, row numbers as a
spreadsheet shows them, and a problem with the file as a whole as one message. No database."""

import codecs
import csv
import io
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from app.forms import CONTROL_CHARS

MAX_BYTES = 2 * 1024 * 1024
URN = re.compile(r"^[0-9]{6}\Z")  # ASCII digits: "\d" would take Arabic-Indic and other digits too
NOT_UTF8 = "The file must be saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)'"


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    message: str


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


def read_upload(storage, filename_required: str = ".csv") -> bytes:
    """The bytes of an uploaded file, refused when too large or not named as a CSV."""
    raw = storage.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ImportFileError("The file must be smaller than 2 MB")
    if not (storage.filename or "").lower().endswith(filename_required):
        raise ImportFileError("The selected file must be a CSV")
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 (with or without Excel's byte-order mark), else Windows-1252, which Excel's plain
    'CSV (Comma delimited)' writes on a Windows PC. UTF-16 (Excel's 'Unicode text') is refused."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(NOT_UTF8)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:  # five byte values mean nothing in Windows-1252
            raise ImportFileError(NOT_UTF8) from exc
    if "\x00" in text:
        raise ImportFileError("The file must be a CSV file")
    return text


CHUNK = 1024 * 1024
# The five byte values Windows-1252 leaves undefined.
_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def stream_encoding(stream: BinaryIO) -> str:
    """The encoding `decode` would choose, found in one pass over a seekable binary stream, a chunk
    at a time, so a file of tens of MB is never held whole. Leaves the stream at its start."""
    stream.seek(0)
    if stream.read(2) in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportFileError(NOT_UTF8)
    stream.seek(0)
    utf8 = codecs.getincrementaldecoder("utf-8")()
    is_utf8 = is_cp1252 = True
    while chunk := stream.read(CHUNK):
        if b"\x00" in chunk:
            raise ImportFileError("The file must be a CSV file")
        if is_utf8:
            try:
                utf8.decode(chunk)
            except UnicodeDecodeError:
                is_utf8 = False
        if is_cp1252 and _NOT_CP1252.search(chunk):
            is_cp1252 = False
    if is_utf8:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:  # the file ends part-way through a character
            is_utf8 = False
    stream.seek(0)
    if is_utf8:
        return "utf-8-sig"
    if is_cp1252:
        return "cp1252"
    raise ImportFileError(NOT_UTF8)


class CsvUpload:
    """An uploaded CSV file read as a stream: its header row first, then its rows one at a time,
    for files too large to read into memory whole (a national register of establishments). Use it
    in a `with` block: it closes what it opened and leaves the request's own file to the request."""

    def __init__(self, stream: BinaryIO, owned: BinaryIO | None = None) -> None:
        self.stream = stream
        self._owned = owned
        self._text = None
        try:
            self.encoding = stream_encoding(stream)
            self._text = io.TextIOWrapper(stream, encoding=self.encoding, newline="")
            self._reader = csv.reader(self._text)
            self.header = [cell.strip() for cell in next(self._reader)]
        except StopIteration:
            self.close()
            raise ImportFileError("The file is empty") from None
        except csv.Error as exc:
            self.close()
            raise ImportFileError("The file must be a CSV file") from exc
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> "CsvUpload":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(row number as a spreadsheet shows it, cells) for each row after the header."""
        line = 1
        try:
            for cells in self._reader:
                line += 1
                yield line, cells
        except csv.Error as exc:
            raise ImportFileError(f"Row {line + 1} could not be read as CSV") from exc

    def raw(self, max_bytes: int = MAX_BYTES) -> bytes:
        """The whole file as bytes, for the readers that take them; refused when too large."""
        self.stream.seek(0)
        raw = self.stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise ImportFileError(f"The file must be smaller than {max_bytes // (1024 * 1024)} MB")
        return raw

    def close(self) -> None:
        if self._text is not None:
            self._text.detach()  # the request's file stays open for the request to close
            self._text = None
        if self._owned is not None:
            self._owned.close()
            self._owned = None


def open_upload(storage, max_unzipped: int) -> CsvUpload:
    """An uploaded .csv file, or the CSV inside an uploaded .zip file (as the Department for
    Education's downloads come), ready to read as a stream. `max_unzipped` bounds what a zip
    may unpack to."""
    filename = (storage.filename or "").lower()
    if filename.endswith(".zip"):
        unzipped = _csv_in_zip(storage.stream, max_unzipped)
        return CsvUpload(unzipped, owned=unzipped)
    if not filename.endswith(".csv"):
        raise ImportFileError("The selected file must be a CSV")
    return CsvUpload(storage.stream)


def _csv_in_zip(stream: BinaryIO, max_unzipped: int) -> BinaryIO:
    """The largest CSV in the zip, unpacked to a temporary file (checked whole, so a damaged zip
    is refused here and not half-way through reading it)."""
    unzipped = tempfile.TemporaryFile()  # noqa: SIM115 - the CsvUpload that reads it closes it
    try:
        with zipfile.ZipFile(stream) as archive:
            # Downloads carry a "links" file beside the establishments: the largest CSV is the data.
            members = [m for m in archive.infolist() if m.filename.lower().endswith(".csv")
                       and not m.filename.rsplit("/", 1)[-1].lower().startswith("links")]
            if not members:
                raise ImportFileError("The zip file must contain a CSV file")
            member = max(members, key=lambda m: m.file_size)
            too_large = ImportFileError(
                f"The CSV file in the zip file must be smaller than {max_unzipped // (1024 * 1024)} MB")
            if member.file_size > max_unzipped:
                raise too_large
            with archive.open(member) as source:  # never reads past the size the zip states
                while chunk := source.read(CHUNK):
                    unzipped.write(chunk)
                    if unzipped.tell() > max_unzipped:
                        raise too_large
    except ImportFileError:
        unzipped.close()
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError,
            OSError, zlib.error) as exc:
        unzipped.close()
        raise ImportFileError("The zip file could not be opened. Upload the CSV file in it instead") from exc
    unzipped.seek(0)
    return unzipped


def read_rows(raw: bytes, headers: dict[str, set[str]], required: list[str], noun: str,
              max_rows: int) -> list[tuple[int, dict[str, str]]]:
    """Each non-blank row as (its row number, {column key: stripped cell}). `headers` names each
    column key's accepted headings (lower case); `required` the keys the header row must have
    (a missing optional column reads as empty cells). `noun` is what a row is ("schools")."""
    reader = csv.reader(io.StringIO(decode(raw), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty") from None
    except csv.Error as exc:
        raise ImportFileError("The file must be a CSV file") from exc
    columns = _map_columns(header, headers, required)
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for line_number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= max_rows:
                raise ImportFileError(f"The file must have {max_rows} {noun} or fewer")
            rows.append((line_number, {key: _cell(cells, columns.get(key)) for key in headers}))
    except csv.Error as exc:
        raise ImportFileError(f"Row {reader.line_num} could not be read as CSV") from exc
    if not rows:
        raise ImportFileError(f"The file has a header row but no {noun}")
    return rows


def _map_columns(header: list[str], headers: dict[str, set[str]], required: list[str]) -> dict[str, int]:
    normalised = [cell.strip().lower().replace("_", " ") for cell in header]
    columns = {}
    for key, names in headers.items():
        for idx, cell in enumerate(normalised):
            if cell in names:
                columns[key] = idx
                break
    missing = [key for key in required if key not in columns]
    if missing:
        raise ImportFileError(
            f"The first row must name the columns {_and(required)}. Missing: " + ", ".join(missing)
        )
    return columns


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _cell(cells: list[str], idx: int | None) -> str:
    return cells[idx].strip() if idx is not None and idx < len(cells) else ""


def name_problem(name: str, label: str, max_length: int = 120) -> str | None:
    """What is wrong with a name typed into a CSV cell, if anything (the forms' PlainText rule)."""
    if not name:
        return f"Enter the {label.lower()}"
    if len(name) > max_length:
        return f"{label} must be {max_length} characters or fewer"
    if "<" in name or ">" in name:
        return f"{label} must not contain < or >"
    if CONTROL_CHARS.search(name) or "\n" in name or "\r" in name:
        return f"{label} must be on one line, with printable characters only"
    return None

"""Reading the tables people send: text in whatever encoding their program saved it, and the
first sheet of an Excel workbook, read so that a cell kept far below a table cannot make the
reader walk a million empty rows."""

import codecs
import io
import unicodedata
from collections.abc import Sequence

XLSX_MAX_COLUMNS = 100  # more than any table we read has; Excel allows 16,384
XLSX_EMPTY_RUN = 1000  # empty rows in a row after which a sheet is taken to end


class BinaryData(ValueError):
    """The bytes are not text."""


class BrokenSpreadsheet(ValueError):
    """The bytes are not a workbook openpyxl can read; the message says why."""


def text_decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` with ``\\n`` line ends, and the encoding it was read in: a
    byte-order mark decides, then UTF-8, then Windows-1252 (what Excel's "CSV" saves on a
    Norwegian Windows), then Latin-1. Raises ``BinaryData``."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as error:
            raise BinaryData from error
    else:
        if b"\x00" in data:
            raise BinaryData
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "Windows-1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "Latin-1"
    controls = sum(
        1 for c in text[:20_000] if unicodedata.category(c) == "Cc" and c not in "\r\n\t"
    )
    if "\x00" in text or controls > 10:
        raise BinaryData
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def xlsx_rows(
    data: bytes, *, max_rows: int, percent_as_shown: bool = False
) -> list[Sequence[object]]:
    """The first sheet's rows (cell values, at most ``XLSX_MAX_COLUMNS`` wide), up to the last
    one with something in it, ``max_rows`` + 1 at most; reading stops after
    ``XLSX_EMPTY_RUN`` empty rows in a row. With ``percent_as_shown``, a number formatted as a
    percentage is given as the sheet shows it: 86 for a cell that shows 86 % (and holds 0.86).
    Raises ``BrokenSpreadsheet``."""
    from openpyxl import load_workbook  # only here: workbooks are rarer than text

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise BrokenSpreadsheet(str(error) or type(error).__name__) from error
    try:
        sheet = book.worksheets[0]
        rows: list[Sequence[object]] = []
        empty = 0
        for cells in sheet.iter_rows(max_col=XLSX_MAX_COLUMNS):
            row = [_shown(cell, percent_as_shown) for cell in cells]
            if not any(value is not None and str(value).strip() for value in row):
                empty += 1
                if empty == XLSX_EMPTY_RUN:
                    break
                continue
            rows.extend([()] * empty)  # kept, so that rows keep their numbers
            empty = 0
            rows.append(row)
            if len(rows) > max_rows:
                break
        return rows
    except Exception as error:  # a damaged part of the file shows only as it is read
        raise BrokenSpreadsheet(str(error) or type(error).__name__) from error
    finally:
        book.close()


def _shown(cell: object, percent_as_shown: bool) -> object:
    value = getattr(cell, "value", None)
    shown_as_percent = percent_as_shown and "%" in str(getattr(cell, "number_format", ""))
    if shown_as_percent and isinstance(value, int | float) and not isinstance(value, bool):
        return round(value * 100, 10)  # 0.86 * 100 is 86.00000000000001
    return value

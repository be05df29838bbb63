"""Text made safe for spreadsheet cells, shared by every CSV and XLSX the portal
writes. Spreadsheet programs run a cell that starts with = + - @ (or a tab or
carriage return before one) as a formula: such text gets a leading apostrophe."""

import re

# Characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters no XLSX cell may hold (and no reader of a CSV expects).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(text: str) -> str:
    """Text safe in a spreadsheet cell: no control characters, and a leading
    apostrophe where a spreadsheet would read a formula."""
    text = CONTROL.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text

"""The child process of `sheet_sandbox`: reads a workbook's first sheet with calamine
under limits on address space, CPU time and output size, and writes what it found
to its standard output as a pickle of plain values.

It imports only the standard library and python-calamine (no Django, no settings),
so that it starts fast and holds nothing of the portal. Its answers are
("rows", rows, codes) with every cell a text and, for numbers that read differently
as a region code, (row, column, code); ("size", last row, last column)
when the sheet is larger than allowed, and ("damaged",) when calamine cannot read it.
A memory or time limit reached ends it with a signal or with MEMORY_EXIT.
"""

import io
import os
import pickle
import resource
import sys
from collections.abc import Sequence
from typing import Any

MEMORY_EXIT = 70


def cell_text(value: object) -> str:
    """A typed cell as text: whole numbers without '.0' (Excel stores every number
    as a float), dates in ISO form."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat() if isoformat else value)


def code_text(value: float) -> str:
    """A regency code that Excel took for a number: 32.1 was typed 32.10, as a
    regency code always has two digits after its dot."""
    if not value.is_integer() and round(value, 2) == value:
        return f"{value:.2f}"
    return cell_text(value)


def read_sheet(data: bytes, *, rows: int, columns: int) -> tuple[object, ...]:
    """The first sheet from A1 on as texts, with the other reading of numbers that
    may be region codes; or why it cannot be read."""
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except (MemoryError, KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # damage, reported in several ways (a Rust panic too)
        return ("damaged",)
    if sheet.start is None or sheet.end is None:
        return ("rows", [], [])
    last_row, last_column = sheet.end
    if last_row >= rows or last_column >= columns:
        return ("size", last_row + 1, last_column + 1)
    return ("rows", *_texts(sheet.to_python(skip_empty_area=False)))


def _texts(rows: list[list[Any]]) -> tuple[list[list[Any]], list[tuple]]:
    """Every cell as text, each row replaced in turn (one copy of the sheet at most),
    and (row, column, text) where a number read as a region code differs."""
    codes = []
    for number, row in enumerate(rows):
        rows[number] = [cell if type(cell) is str else cell_text(cell) for cell in row]
        for position, cell in enumerate(row):
            if type(cell) is not float or cell.is_integer():
                continue
            if (code := code_text(cell)) != rows[number][position]:
                codes.append((number, position, code))
    return rows, codes


def limit(*, memory: int, seconds: int, output: int) -> None:
    """Bound this process: address space, CPU seconds, bytes written, no core."""
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (output, output))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(arguments: Sequence[str]) -> None:
    """Limits from the arguments, the workbook from standard input."""
    memory, seconds, output, rows, columns = (int(value) for value in arguments)
    limit(memory=memory, seconds=seconds, output=output)
    try:
        found = read_sheet(sys.stdin.buffer.read(), rows=rows, columns=columns)
        pickler = pickle.Pickler(sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.fast = True  # no memo: ten times faster, and nothing is shared
        pickler.dump(found)
        sys.stdout.buffer.flush()
    except MemoryError:
        os._exit(MEMORY_EXIT)
    os._exit(0)  # freeing every cell one by one would take a third of a second

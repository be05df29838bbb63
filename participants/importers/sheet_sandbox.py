"""Reading a workbook's first sheet in a child process with a memory and a time
limit, so that no workbook can take the web or job process down with it.

The child is a fresh Python (`subprocess`, not `multiprocessing`: a Celery prefork
child is daemonic and may not start multiprocessing children) running
`participants.importers.sheet_child`. The workbook goes in, and the rows come back,
through temporary files; the rows are unpickled as plain values only. A child killed
by its limits (SIGABRT from a failed allocation, SIGKILL, SIGXCPU, a MemoryError) or
too slow becomes a FileProblem that names the limit.
"""

import logging
import os
import pickle
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from participants.importers.problems import FileProblem
from participants.importers.sheet_child import MEMORY_EXIT
from participants.importers.workbook_guard import (
    Limits,
    damaged,
    too_many_columns,
    too_many_rows,
)

logger = logging.getLogger(__name__)
ROOT = str(Path(__file__).resolve().parents[2])
CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from participants.importers.sheet_child import main; main(sys.argv[2:])"
)
ENVIRONMENT = ("PATH", "LD_LIBRARY_PATH", "LANG", "LC_ALL", "TMPDIR")
MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}


def reader_memory() -> int:
    return int(getattr(settings, "IMPORT_READER_MAX_MEMORY", 1024 * 1024 * 1024))


def reader_seconds() -> int:
    return int(getattr(settings, "IMPORT_READER_MAX_SECONDS", 60))


@dataclass
class Sheet:
    """The first sheet's rows from A1 on as texts, and (row, column, text) for each
    number whose text differs when it is read as a region code (32.1: "32.10")."""

    rows: list[list[str]]
    codes: list[tuple[int, int, str]]


def read_first_sheet(data: bytes, limits: Limits) -> Sheet:
    """The first sheet, read in a limited child process; raises FileProblem when it
    cannot be read."""
    with (
        tempfile.TemporaryFile() as source,
        tempfile.TemporaryFile() as result,
        tempfile.TemporaryFile() as errors,
    ):
        source.write(data)
        source.seek(0)
        code = _run(source, result, errors, limits)
        if code != 0:
            raise _failure(code, errors)
        result.seek(0)
        found = _plain_values(result)
    return _rows(found, limits)


def _run(
    source: IO[bytes], result: IO[bytes], errors: IO[bytes], limits: Limits
) -> int:
    """Run the child to its end, or kill it when it takes too long."""
    memory, seconds = reader_memory(), reader_seconds()
    arguments = (memory, seconds, 2 * limits.bytes, limits.rows, limits.columns)
    try:
        # Our own interpreter and child code; the workbook goes in on stdin only.
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-I", "-c", CHILD, ROOT, *map(str, arguments)],
            stdin=source,
            stdout=result,
            stderr=errors,
            env={key: os.environ[key] for key in ENVIRONMENT if key in os.environ},
        )
    except OSError:  # no process can be started now (too many, no memory)
        logger.exception("The sheet reader could not be started")
        raise FileProblem("reader_unavailable") from None
    try:  # the child's CPU time is limited; a busy machine may double its wall time
        return process.wait(timeout=2 * seconds + 5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return -signal.SIGXCPU


def _failure(code: int, errors: IO[bytes]) -> FileProblem:
    if code == -signal.SIGXCPU:
        return FileProblem("reader_slow", seconds=reader_seconds())
    if code != MEMORY_EXIT and -code not in MEMORY_SIGNALS | {signal.SIGXFSZ}:
        errors.seek(0)
        logger.warning("The sheet reader ended with %s: %s", code, errors.read(2000))
    return FileProblem("reader_memory", memory=reader_memory())


class _PlainUnpickler(pickle.Unpickler):
    """Lists, tuples, texts and numbers only: no class is ever looked up."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not a plain value")


def _plain_values(result: IO[bytes]) -> tuple[Any, ...]:
    try:
        found = _PlainUnpickler(result).load()
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        raise damaged() from None
    if not isinstance(found, tuple) or not found:
        raise damaged()
    return found


def _rows(found: tuple[Any, ...], limits: Limits) -> Sheet:
    if found[0] == "rows" and len(found) == 3:
        return Sheet(rows=found[1], codes=found[2])
    if found[0] == "size" and len(found) == 3:
        _, rows, columns = found
        if rows > limits.rows:
            raise too_many_rows(None, rows, limits.rows)
        raise too_many_columns(None, columns, limits.columns)
    raise damaged()

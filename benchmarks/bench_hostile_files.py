"""Hostile upload files against the reader (issue 9, point 1): outcome, time and peak
memory of each crafted file, and of the full national village file for comparison.

Usage: uv run python benchmarks/bench_hostile_files.py [--only NAME ...]
       [--reader PATH] [--address-space BYTES]

Each file is read by `read_table` in a fresh process, so that a crash takes only
that process down; the script reports how it ended (refused with a message, read,
or killed by a signal), its wall time, its own peak RSS and the peak RSS of the
processes it started (the sheet reader's child). `--reader PATH` reads with another
version of `participants/importers/reading.py` (for the figures before the change:
`git show <commit>:participants/importers/reading.py > /tmp/old_reading.py`);
`--address-space` bounds each process (default 8 GB, like `ulimit -v 8000000`).
"""

import argparse
import importlib.util
import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.test_settings")

MAX_ROWS = 100_000
TIMEOUT = 300  # seconds for one file
NAMES = {  # the crafted files, in order, and the name each is uploaded under
    **dict.fromkeys(
        (
            *("cell XFD1048576", "cell CV1048576", "row A1048576", "column XFD1"),
            *("lying dimension", "dimension A1:XFD1048576", "zip bomb 1.5 GB"),
            *("zip bomb, size understated", "5 million shared texts"),
            *("shared texts declared 4e9", "5.000 parts", "no references, 100k x 16k"),
            "villages XLSX (normal)",
        ),
        "f.xlsx",
    ),
    **dict.fromkeys(
        (
            *("CSV 10 million blank lines", "CSV one 19 MB line"),
            *("CSV 5 million columns", "CSV NUL bytes", "villages CSV (normal)"),
        ),
        "f.csv",
    ),
}


def build(name: str, path: str) -> None:
    """In a builder process: write the named file (the launcher stays small, since
    a process started from it counts the launcher's memory in its own peak)."""
    import django

    django.setup()
    Path(path).write_bytes(files()[name][1]())


def files() -> dict[str, tuple[str, Callable[[], bytes]]]:
    """Name -> (file name, builder); builders are those of the tests."""
    from tests.participants import test_hostile_files as crafted

    def villages(suffix: str) -> Callable[[], bytes]:
        def build() -> bytes:
            import bench_import

            directory = ROOT / "node_modules" / "idn-area-data" / "data"
            rows = bench_import.village_rows(directory)
            header = bench_import.VILLAGE_HEADER
            if suffix == "csv":
                return bench_import.csv_bytes(header, rows)
            return bench_import.xlsx_bytes(header, rows)

        return build

    return {
        "cell XFD1048576": ("f.xlsx", crafted.far_cell),
        "cell CV1048576": ("f.xlsx", crafted.smaller_far_cell),
        "row A1048576": ("f.xlsx", crafted.far_row),
        "column XFD1": ("f.xlsx", crafted.far_column),
        "lying dimension": ("f.xlsx", crafted.lying_dimension),
        "dimension A1:XFD1048576": ("f.xlsx", crafted.huge_dimension),
        "zip bomb 1.5 GB": ("f.xlsx", lambda: crafted.bomb(1_500 * 2**20)),
        "zip bomb, size understated": (
            "f.xlsx",
            lambda: crafted.understated(crafted.bomb(1_500 * 2**20)),
        ),
        "5 million shared texts": ("f.xlsx", lambda: crafted.shared_texts(5_000_000)),
        "shared texts declared 4e9": (
            "f.xlsx",
            lambda: crafted.shared_texts(1, declared=4_000_000_000),
        ),
        "5.000 parts": ("f.xlsx", lambda: crafted.many_parts(5_000)),
        "no references, 100k x 16k": (
            "f.xlsx",
            lambda: crafted.cells_without_references(16_000, rows=100_000),
        ),
        "CSV 10 million blank lines": (
            "f.csv",
            lambda: b"kode_desa,tahun,pekerja,sumber_dana\n" + b"\n" * 10_000_000,
        ),
        "CSV one 19 MB line": ("f.csv", lambda: b"kode_desa," * 1_900_000),
        "CSV 5 million columns": (
            "f.csv",
            lambda: b"kode_desa,tahun,pekerja,sumber_dana\n" + b"," * 5_000_000,
        ),
        "CSV NUL bytes": ("f.csv", lambda: b"\x00" * 10_000_000),
        "villages XLSX (normal)": ("f.xlsx", villages("xlsx")),
        "villages CSV (normal)": ("f.csv", villages("csv")),
    }


def read_one(path: str, filename: str, reader: str | None, address_space: int) -> None:
    """In the measured process: read the file and print how it went."""
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    import django

    django.setup()
    from django.utils import translation

    from participants.importers.kinds import KINDS
    from participants.models import ImportBatch

    module = _reading(reader)
    data = Path(path).read_bytes()
    translation.activate("en")
    start = time.perf_counter()
    try:
        table = module.read_table(
            data, filename, KINDS[ImportBatch.Kind.VILLAGES], max_rows=MAX_ROWS
        )
        outcome = f"read, {len(table.row_numbers)} rows"
    except module.FileProblem as problem:
        outcome = f"refused: {problem}"
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"{children}\t{seconds:.3f}\t{_own_peak()}\t{outcome}")


def _own_peak() -> int:
    """This process's peak RSS in KiB since it started (VmHWM)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0])


def _reading(reader: str | None):
    if reader is None:
        from participants.importers import reading

        return reading
    spec = importlib.util.spec_from_file_location("reading_under_test", reader)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(name: str, filename: str, args: argparse.Namespace) -> str:
    """Build one file, then read it in a fresh process; if that process is killed,
    its peak comes from wait4."""
    with tempfile.NamedTemporaryFile(suffix=filename) as handle:
        builder = [sys.executable, __file__, "--build", name, handle.name]
        subprocess.run(builder, check=True)
        size = Path(handle.name).stat().st_size
        command = [sys.executable, __file__, "--one", handle.name, filename]
        command += ["--address-space", str(args.address_space)]
        command += ["--reader", args.reader] if args.reader else []
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        timer = threading.Timer(TIMEOUT, process.kill)
        timer.start()
        assert process.stdout is not None
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        timer.cancel()
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return _line(name, size, seconds, process.returncode, output, usage.ru_maxrss)


def _line(
    name: str, size: int, seconds: float, code: int, output: str, peak: int
) -> str:
    child, mark = 0, "*"  # the whole process's time, Django's start included
    if code < 0:
        outcome = f"KILLED by {signal.Signals(-code).name}"
    elif code:
        outcome = f"ended with exit code {code}"
    else:
        child_text, reading, own, outcome = output.strip().split("\t", 3)
        child, seconds, mark = int(child_text or 0), float(reading), " "
        peak = int(own)
    outcome = outcome if len(outcome) < 110 else outcome[:107] + "..."
    return (
        f"{name:<28} {size / 1024:>9,.1f} {seconds:>8.2f}{mark}{peak / 1024:>9,.0f} "
        f"{child / 1024:>9,.0f}  {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--reader")
    parser.add_argument("--address-space", type=int, default=8_000_000 * 1024)
    parser.add_argument("--one", nargs=2)
    parser.add_argument("--build", nargs=2)
    args = parser.parse_args()
    if args.one:
        path, filename = args.one
        read_one(path, filename, args.reader, args.address_space)
        return
    if args.build:
        build(*args.build)
        return
    print(f"reader: {args.reader or 'participants/importers/reading.py'}")
    print(
        f"{'file':<28} {'KiB':>9} {'seconds':>8} {'peak MiB':>9} {'child MiB':>9}  "
        "outcome"
    )
    for name, filename in NAMES.items():
        if args.only and name not in args.only:
            continue
        print(measure(name, filename, args), flush=True)
    print(
        "seconds: read_table alone (*: the whole process, which was killed); "
        "peak MiB: the reading process's peak RSS (VmHWM; from wait4 if killed); "
        "child MiB: the peak RSS of the sheet reader's child"
    )


if __name__ == "__main__":
    main()

"""Run a server with companion commands until it stops or Ctrl-C, then stop them all.

`make run` and `make dev` start the web server with the Celery worker beside it:

    python scripts/run_together.py "gunicorn paritrana.wsgi ..." "celery -A ..."

Each command runs in a process group of its own. Ctrl-C (or SIGTERM) is passed on as
SIGINT to every group, as a terminal would: gunicorn and runserver stop at once, the
worker finishes the job it runs (a warm shutdown) and leaves the others queued in the
broker. Whatever still runs after RUN_TOGETHER_GRACE_SECONDS (30) or at a second
Ctrl-C is killed. When the server (the first command) ends by itself, the companions
are stopped the same way and its exit status is returned. When a companion ends, it
is said on stderr and the server keeps serving: the pages show what its jobs wait for.
"""

import os
import shlex
import signal
import subprocess
import sys
import time
from contextlib import suppress
from types import FrameType

GRACE_SECONDS = float(os.environ.get("RUN_TOGETHER_GRACE_SECONDS", "30"))
POLL_SECONDS = 0.2
# One Ctrl-C can arrive twice: from the terminal and passed on by `uv run`.
SAME_STOP_SECONDS = 1.0
STOPS: list[float] = []

Process = subprocess.Popen[bytes]


def _count_stop(signum: int, frame: FrameType | None) -> None:
    now = time.monotonic()
    if not STOPS or now - STOPS[-1] > SAME_STOP_SECONDS:
        STOPS.append(now)


def start(command: str) -> Process:
    """Start one command in a process group of its own."""
    # The commands are the Makefile's own, given on this script's command line.
    return subprocess.Popen(shlex.split(command), process_group=0)  # noqa: S603


def alive(process: Process) -> bool:
    """Whether any process of the command's group still runs (a killed worker can
    leave its pool or scheduler behind)."""
    process.poll()
    try:
        os.killpg(process.pid, 0)
    except ProcessLookupError:
        return False
    return True


def signal_group(process: Process, signum: int) -> None:
    if alive(process):
        with suppress(ProcessLookupError):  # it ended meanwhile
            os.killpg(process.pid, signum)


def serve(server: Process, companions: dict[str, Process]) -> int:
    """Wait until the server ends or a signal asks to stop; returns the server's
    exit status (0 when asked to stop). Says when a companion ends."""
    told: set[str] = set()
    while not STOPS:
        code = server.poll()
        if code is not None:
            return code
        for command, companion in companions.items():
            if command not in told and companion.poll() is not None:
                told.add(command)
                signal_group(companion, signal.SIGINT)
                print(
                    f"run_together: `{command}` stopped (exit status "
                    f"{companion.returncode}); the server keeps running. Stop it "
                    "with Ctrl-C and start it again to restart both.",
                    file=sys.stderr,
                    flush=True,
                )
        time.sleep(POLL_SECONDS)
    return 0


def stop_all(processes: list[Process]) -> None:
    """Ask every command to stop; kill what still runs after the grace period or
    at a further Ctrl-C."""
    asked = len(STOPS)
    for process in processes:
        signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline and len(STOPS) <= asked:
        if not any(alive(process) for process in processes):
            return
        time.sleep(POLL_SECONDS)
    for process in processes:
        signal_group(process, signal.SIGKILL)
        process.wait()


def main(commands: list[str]) -> int:
    """Run the server and its companions; returns the exit status for the shell."""
    if not commands:
        print(__doc__, file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, _count_stop)
    signal.signal(signal.SIGTERM, _count_stop)
    server = start(commands[0])
    companions = {command: start(command) for command in commands[1:]}
    code = serve(server, companions)
    stop_all([server, *companions.values()])
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""scripts/run_together.py: the server and the worker of `make run` stop together."""

import os
import select
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_together.py"
WAIT = 20


def sleeper(pid_file: Path, *, ignore_ctrl_c: bool = False) -> str:
    """A command that writes its pid and sleeps (deaf to SIGINT if asked)."""
    ignore = "signal.signal(signal.SIGINT, signal.SIG_IGN); " if ignore_ctrl_c else ""
    code = (
        f"import os, signal, time; {ignore}"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    )
    return f'{sys.executable} -c "{code}"'


def exits(status: int, *, after: Path | None = None) -> str:
    """A command that ends with status (once the file `after` names holds a pid)."""
    code = "import pathlib, sys, time\n"
    if after:
        code += f"file = pathlib.Path({str(after)!r})\n"
        code += "while not (file.exists() and file.read_text()): time.sleep(0.05)\n"
    code += f"sys.exit({status})"
    return f"{sys.executable} -c {shlex.quote(code)}"


def run_together(*commands: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *commands],
        env=os.environ | env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def pid_of(pid_file: Path) -> int:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if pid_file.exists() and pid_file.read_text():
            return int(pid_file.read_text())
        time.sleep(0.05)
    raise AssertionError(f"{pid_file.name} did not start")


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_ctrl_c_stops_the_server_and_its_companion(tmp_path):
    runner = run_together(sleeper(tmp_path / "web"), sleeper(tmp_path / "worker"))
    pids = [pid_of(tmp_path / "web"), pid_of(tmp_path / "worker")]

    runner.send_signal(signal.SIGINT)

    assert runner.wait(timeout=WAIT) == 0
    assert [running(pid) for pid in pids] == [False, False]


def test_a_server_that_ends_stops_its_companion_and_gives_its_status(tmp_path):
    started = tmp_path / "worker"
    runner = run_together(exits(3, after=started), sleeper(started))
    worker = pid_of(started)

    status = runner.wait(timeout=WAIT)

    assert (status, running(worker)) == (3, False)


def test_a_companion_that_ends_is_reported_and_the_server_keeps_serving(tmp_path):
    runner = run_together(sleeper(tmp_path / "web"), exits(1))
    web = pid_of(tmp_path / "web")
    told, _, _ = select.select([runner.stderr], [], [], WAIT)
    # One write (print with flush): the whole message is in the pipe.
    said = os.read(runner.stderr.fileno(), 65536).decode() if told else ""
    still_serving = running(web)

    runner.send_signal(signal.SIGTERM)

    assert (still_serving, runner.wait(timeout=WAIT)) == (True, 0)
    assert "stopped (exit status 1); the server keeps running" in said


def test_a_command_deaf_to_ctrl_c_is_killed_after_the_grace_period(tmp_path):
    runner = run_together(
        sleeper(tmp_path / "web", ignore_ctrl_c=True),
        RUN_TOGETHER_GRACE_SECONDS="1",
    )
    web = pid_of(tmp_path / "web")

    runner.send_signal(signal.SIGINT)

    assert (runner.wait(timeout=WAIT), running(web)) == (0, False)

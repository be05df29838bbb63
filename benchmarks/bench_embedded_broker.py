"""The embedded broker: what a message costs the web request that sends it, how long
until a polling worker has it, and what an idle worker spends polling.

Compares the embedded default (kombu's filesystem transport, publishing each message
whole: `paritrana/broker.py`) with kombu's SQLAlchemy transport on a SQLite file, when
SQLAlchemy is installed (it is not a dependency):
`uv run --with sqlalchemy python benchmarks/bench_embedded_broker.py`.
Each runs in a fresh temporary folder, with the polling interval of the settings
where the transport takes one.
"""

import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from kombu import Connection, Consumer, Exchange, Producer, Queue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLLING_SECONDS = 0.5
SENT = 200
TIMED = 20
IDLE_SECONDS = 10.0
QUEUE = Queue("bench", Exchange("bench", type="direct"), routing_key="bench")
PAYLOAD = {"task": "participants.tasks.task_check_upload", "kwargs": {"batch_id": 1}}


def filesystem(folder: Path) -> Connection:
    for name in ("queue", "control"):
        (folder / name).mkdir()
    options = {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "polling_interval": POLLING_SECONDS,
    }
    return Connection(
        "filesystem://localhost/",
        transport="paritrana.broker:Transport",
        transport_options=options,
    )


def sqlalchemy(folder: Path) -> Connection:
    # Its transport options all go to create_engine(), which refuses
    # polling_interval: it polls every second, kombu's default.
    return Connection(f"sqla+sqlite:///{folder / 'broker.sqlite3'}")


def send_cost(connection: Connection) -> float:
    """Median milliseconds to publish one message."""
    channel = connection.channel()
    producer = Producer(channel, exchange=QUEUE.exchange)
    producer.declare()
    QUEUE(channel).declare()
    times = []
    for _ in range(SENT):
        start = time.perf_counter()
        producer.publish(PAYLOAD, routing_key="bench", serializer="json")
        times.append(time.perf_counter() - start)
    QUEUE(channel).purge()
    return statistics.median(times) * 1000


@contextmanager
def consuming(connection: Connection, received: list[float]) -> Iterator[list[float]]:
    """A consumer thread draining the queue; yields the list of its CPU seconds."""
    stop = threading.Event()
    cpu: list[float] = []

    def on_message(body: Any, message: Any) -> None:
        received.append(time.perf_counter())
        message.ack()

    def run() -> None:
        listening = connection.clone()
        with Consumer(listening, [QUEUE], callbacks=[on_message]):
            started = time.thread_time()
            while not stop.is_set():
                # As the worker's loop for polling transports (synloop).
                with suppress(TimeoutError):
                    listening.drain_events(timeout=2.0)
            cpu.append(time.thread_time() - started)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield cpu
    finally:
        stop.set()
        thread.join()


def latency(connection: Connection) -> tuple[float, float]:
    """Median and largest seconds from publish until the consumer has the message."""
    received: list[float] = []
    producer = Producer(connection.channel(), exchange=QUEUE.exchange)
    delays = []
    with consuming(connection, received):
        time.sleep(1)
        for number in range(TIMED):
            time.sleep(0.137 * (number % 7))  # not in step with the polling
            sent = time.perf_counter()
            producer.publish(PAYLOAD, routing_key="bench", serializer="json")
            while len(received) <= number:
                time.sleep(0.005)
            delays.append(received[number] - sent)
    return statistics.median(delays), max(delays)


def idle_cpu(connection: Connection) -> float:
    """CPU milliseconds per second that an idle consumer spends polling."""
    with consuming(connection, []) as cpu:
        time.sleep(IDLE_SECONDS)
    return cpu[0] / IDLE_SECONDS * 1000


def main() -> None:
    transports = {"filesystem (paritrana.broker)": filesystem}
    try:
        import sqlalchemy as _  # noqa: F401
    except ImportError:
        print("SQLAlchemy not installed: the SQLAlchemy transport is left out.")
    else:
        transports["sqlalchemy (SQLite file)"] = sqlalchemy
    print(
        f"{'transport':28} {'send (ms)':>10} {'to worker median/max (s)':>26} "
        f"{'idle CPU (ms/s)':>16}"
    )
    for name, make in transports.items():
        with tempfile.TemporaryDirectory() as folder, make(Path(folder)) as connection:
            cost = send_cost(connection)
            median, largest = latency(connection)
            idle = idle_cpu(connection)
        print(f"{name:28} {cost:10.2f} {median:17.2f} / {largest:.2f} {idle:16.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

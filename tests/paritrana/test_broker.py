"""The embedded broker publishes each message whole and consumes only whole ones."""

import multiprocessing
from contextlib import suppress
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from kombu import Connection
from kombu.exceptions import ChannelError

QUEUE = "celery"


@pytest.fixture
def connection(tmp_path: Path):
    (tmp_path / "control").mkdir()
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
    }
    with Connection(
        "filesystem://localhost/",
        transport="paritrana.broker:Transport",
        transport_options=options,
    ) as connection:
        yield connection


def test_put_leaves_one_whole_message_under_its_queue_name(connection, tmp_path):
    channel = connection.channel()

    channel._put(QUEUE, {"body": "hello"})

    names = [path.name for path in tmp_path.iterdir() if path.is_file()]
    assert [name.split(".", 1)[1] for name in names] == ["celery.msg"]
    assert channel._get(QUEUE) == {"body": "hello"}


def test_get_leaves_a_message_still_being_written_alone(connection, tmp_path):
    channel = connection.channel()
    (tmp_path / ".tmpabc123.part").write_bytes(b'{"bo')

    with pytest.raises(Empty):
        channel._get(QUEUE)

    assert channel._size(QUEUE) == 0
    assert (tmp_path / ".tmpabc123.part").exists()


def test_put_refuses_with_a_channel_error_when_the_folder_is_gone(connection, tmp_path):
    channel = connection.channel()
    connection.transport_options["data_folder_out"] = str(tmp_path / "missing")

    with pytest.raises(ChannelError):
        channel._put(QUEUE, {"body": "hello"})


def publish(options: dict[str, str], count: int) -> None:
    with Connection(
        "filesystem://localhost/",
        transport="paritrana.broker:Transport",
        transport_options=options,
    ) as connection:
        channel: Any = connection.channel()
        for number in range(count):
            channel._put(QUEUE, {"number": number, "padding": "x" * 1500})


def test_a_worker_polling_while_another_process_publishes_reads_every_message_whole(
    connection,
):
    # kombu's own filesystem transport handed half-written files to ~3 % of reads.
    count = 500
    channel = connection.channel()
    publisher = multiprocessing.Process(
        target=publish, args=(connection.transport_options, count)
    )
    publisher.start()
    read = []

    while len(read) < count and (publisher.is_alive() or channel._size(QUEUE)):
        with suppress(Empty):
            read.append(channel._get(QUEUE)["number"])
    publisher.join()

    assert sorted(read) == list(range(count))

"""The embedded broker publishes each message whole and consumes only whole ones."""

from pathlib import Path
from queue import Empty

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

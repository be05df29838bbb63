"""The embedded broker: kombu's filesystem transport, one file per message in a
folder under var/, with each message published whole.

kombu creates a message's file in the queue folder and then writes it, so a worker
polling at that moment can take the empty file and stop on it (seen with the
scheduler publishing every ten seconds). Here the message is written under a hidden
name that the queue ignores and renamed into place, which is atomic.
"""

import os
import tempfile
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    # kombu passes the publish options too (not in its type stubs).
    def _put(self, queue: str, message: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Put a message on the queue: written aside, then renamed into it."""
        folder = self.data_folder_out
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        try:
            # The hidden name does not end in ".<queue>.msg": no queue reads it.
            handle, partial = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
            with os.fdopen(handle, "wb") as file:
                file.write(str_to_bytes(dumps(message)))
            os.replace(partial, os.path.join(folder, name))
        except OSError as exc:
            raise ChannelError(f"Cannot add message {name!r} to {folder!r}") from exc


class Transport(filesystem.Transport):
    Channel = Channel

"""A Sanic app serving only channels.rest.ValidatedRestInput, with a stand-in for Rasa:
"boom" fails like a broken tracker store (after its reply, as Rasa saves at the end of a
turn), "boom-lock" like a lock store that is down, anything else gets "echo: <text>".

    python -m tests.security.rest_stand_in PORT
"""

from __future__ import annotations

import sys

from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LockError
from sanic import Sanic

from channels.rest import ValidatedRestInput
from storage.tracker_store import TrackerStoreUnavailable


async def stand_in_for_rasa(message: UserMessage) -> None:
    if message.text == "boom":
        await message.output_channel.send_text_message(message.sender_id, "never stored")
        raise TrackerStoreUnavailable("save", "OperationalError: connection refused")
    if message.text == "boom-lock":
        raise LockError("Error while acquiring lock. Error:\nError 111 connecting to 127.0.0.1:6379.")
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


def main() -> None:
    app = Sanic("validated_rest_check")
    channel = ValidatedRestInput()
    app.blueprint(channel.blueprint(stand_in_for_rasa), url_prefix="/webhooks/" + channel.url_prefix())
    app.run(host="127.0.0.1", port=int(sys.argv[1]), workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()

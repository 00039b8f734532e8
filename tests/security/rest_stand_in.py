"""A Sanic app serving only channels.rest.ValidatedRestInput, with a stand-in for Rasa:
"boom" fails like a broken tracker store, anything else gets "echo: <text>".

    python -m tests.security.rest_stand_in PORT
"""
from __future__ import annotations

import sys

from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from channels.rest import ValidatedRestInput


async def stand_in_for_rasa(message: UserMessage) -> None:
    if message.text == "boom":
        raise ConnectionError("tracker store unreachable")
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


def main() -> None:
    app = Sanic("validated_rest_check")
    channel = ValidatedRestInput()
    app.blueprint(channel.blueprint(stand_in_for_rasa), url_prefix="/webhooks/" + channel.url_prefix())
    app.run(host="127.0.0.1", port=int(sys.argv[1]), workers=1, access_log=False, motd=False)


if __name__ == "__main__":
    main()

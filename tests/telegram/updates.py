"""Telegram Update JSON as the Bot API sends it to a webhook, for tests."""

from __future__ import annotations

import itertools
import time
from typing import Any, Dict, Optional

_update_ids = itertools.count(700_000_000)
_message_ids = itertools.count(1)

BOT = {"id": 123456789, "is_bot": True, "first_name": "Baclofen Info", "username": "BaclofenInfoBot"}


def _user(chat_id: int) -> Dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Alex", "language_code": "en"}


def _message(chat_id: int, **content: Any) -> Dict[str, Any]:
    return {
        "message_id": next(_message_ids),
        "from": _user(chat_id),
        "chat": {"id": chat_id, "first_name": "Alex", "type": "private"},
        "date": int(time.time()),
        **content,
    }


def text_update(chat_id: int, text: str) -> Dict[str, Any]:
    return {"update_id": next(_update_ids), "message": _message(chat_id, text=text)}


def command_update(chat_id: int, command: str) -> Dict[str, Any]:
    update = text_update(chat_id, command)
    update["message"]["entities"] = [{"offset": 0, "length": len(command.split()[0]), "type": "bot_command"}]
    return update


def callback_update(chat_id: int, data: str, message: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    """A press on an inline button under an earlier bot message: `message` as the bot sent it
    (FakeBotApi.messages), or a made-up one."""
    bot_message = message or {**_message(chat_id, text="Pick a topic:"), "from": BOT}
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": f"4382{next(_message_ids)}5907",
            "from": _user(chat_id),
            "message": bot_message,
            "chat_instance": "-8123456789012345678",
            "data": data,
        },
    }


def sticker_update(chat_id: int) -> Dict[str, Any]:
    sticker = {
        "width": 512,
        "height": 512,
        "emoji": "👍",
        "set_name": "HotCherry",
        "is_animated": False,
        "is_video": False,
        "type": "regular",
        "file_id": "CAACAgIAAxkBAAEFake",
        "file_unique_id": "AgADFake",
        "file_size": 18000,
    }
    return {"update_id": next(_update_ids), "message": _message(chat_id, sticker=sticker)}


def photo_update(chat_id: int, caption: str = "") -> Dict[str, Any]:
    photo = [{"file_id": "AgACAgFake", "file_unique_id": "AQADFake", "file_size": 1200, "width": 90, "height": 90}]
    content: Dict[str, Any] = {"photo": photo}
    if caption:
        content["caption"] = caption
    return {"update_id": next(_update_ids), "message": _message(chat_id, **content)}


def voice_update(chat_id: int) -> Dict[str, Any]:
    voice = {
        "duration": 3,
        "mime_type": "audio/ogg",
        "file_id": "AwACAgFake",
        "file_unique_id": "AgADFake",
        "file_size": 9000,
    }
    return {"update_id": next(_update_ids), "message": _message(chat_id, voice=voice)}


def document_update(chat_id: int) -> Dict[str, Any]:
    document = {
        "file_name": "leaflet.pdf",
        "mime_type": "application/pdf",
        "file_id": "BQACAgFake",
        "file_unique_id": "AgADFake",
    }
    return {"update_id": next(_update_ids), "message": _message(chat_id, document=document)}


def edited_update(chat_id: int, text: str) -> Dict[str, Any]:
    return {
        "update_id": next(_update_ids),
        "edited_message": {**_message(chat_id, text=text), "edit_date": int(time.time())},
    }


def channel_post_update(channel_id: int, text: str) -> Dict[str, Any]:
    post = {
        "message_id": next(_message_ids),
        "sender_chat": {"id": channel_id, "title": "News", "type": "channel"},
        "chat": {"id": channel_id, "title": "News", "type": "channel"},
        "date": int(time.time()),
        "text": text,
    }
    return {"update_id": next(_update_ids), "channel_post": post}


def new_member_update(group_id: int) -> Dict[str, Any]:
    message = _message(group_id, new_chat_members=[BOT], new_chat_member=BOT)
    message["chat"] = {"id": group_id, "title": "Family", "type": "group"}
    return {"update_id": next(_update_ids), "message": message}

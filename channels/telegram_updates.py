"""Sort an incoming Telegram update (already parsed JSON) into what the bot does with it.

Works on plain dicts, not aiogram types, so a malformed update is a clear MalformedUpdate
and not a validation traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Optional, Union

# Messages about the chat itself, not from the user to the bot: nothing to answer.
SERVICE_MESSAGE_FIELDS = frozenset(
    {
        "new_chat_members", "left_chat_member", "new_chat_title", "new_chat_photo",
        "delete_chat_photo", "group_chat_created", "supergroup_chat_created",
        "channel_chat_created", "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message",
        "message_auto_delete_timer_changed", "forum_topic_created", "forum_topic_edited",
        "forum_topic_closed", "forum_topic_reopened", "general_forum_topic_hidden",
        "general_forum_topic_unhidden", "video_chat_scheduled", "video_chat_started",
        "video_chat_ended", "video_chat_participants_invited", "write_access_allowed",
        "users_shared", "chat_shared", "proximity_alert_triggered", "boost_added",
        "chat_background_set", "connected_website",
    }
)


class MalformedUpdate(ValueError):
    """The body is not a Telegram update; the message says what is wrong."""


@dataclass(frozen=True)
class UserText:
    """Something for the assistant: a typed message or a pressed button's payload."""

    chat_id: int
    text: str
    callback_query_id: Optional[str] = None


@dataclass(frozen=True)
class UnreadableMessage:
    """A message the bot cannot read (sticker, photo, voice, an edit...): reply politely."""

    chat_id: int
    kind: str  # "not_text" or "edited"


@dataclass(frozen=True)
class IgnoredUpdate:
    """An update with no one to answer (channel posts, membership changes, service messages)."""

    kind: str
    callback_query_id: Optional[str] = None


Classified = Union[UserText, UnreadableMessage, IgnoredUpdate]


def classify_update(update: Any) -> Classified:
    if not isinstance(update, dict):
        raise MalformedUpdate("an update must be a JSON object")
    if not _is_int(update.get("update_id")):
        raise MalformedUpdate("the update has no integer update_id")

    if "message" in update:
        message = _object(update, "message")
        chat_id = _chat_id(message, "message")
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            return UserText(chat_id, text)
        if SERVICE_MESSAGE_FIELDS.intersection(message):
            return IgnoredUpdate("service_message")
        return UnreadableMessage(chat_id, "not_text")

    if "edited_message" in update:
        return UnreadableMessage(_chat_id(_object(update, "edited_message"), "edited_message"), "edited")

    if "callback_query" in update:
        return _classify_callback(_object(update, "callback_query"))

    if "channel_post" in update or "edited_channel_post" in update:
        # Any reply would be broadcast to every subscriber of the channel.
        return IgnoredUpdate("channel_post")

    kinds = sorted(key for key in update if key != "update_id")
    return IgnoredUpdate(kinds[0] if kinds else "empty")


def _classify_callback(callback: Dict[str, Any]) -> Classified:
    callback_id = callback.get("id")
    if not isinstance(callback_id, str) or not callback_id:
        raise MalformedUpdate("callback_query has no id")
    message = callback.get("message")
    if isinstance(message, dict):
        chat_id = _chat_id(message, "callback_query.message")
    else:
        # A button under an inline-mode message: no chat, but the user's id is a private chat.
        sender = callback.get("from")
        if not isinstance(sender, dict) or not _is_int(sender.get("id")):
            raise MalformedUpdate("callback_query has neither message.chat.id nor from.id")
        chat_id = sender["id"]
    data = callback.get("data")
    if isinstance(data, str) and data.strip():
        return UserText(chat_id, data, callback_query_id=callback_id)
    return IgnoredUpdate("callback_query_without_data", callback_query_id=callback_id)


def _object(container: Dict[str, Any], key: str) -> Dict[str, Any]:
    value = container.get(key)
    if not isinstance(value, dict):
        raise MalformedUpdate(f"{key} must be a JSON object")
    return value


def _chat_id(message: Dict[str, Any], where: str) -> int:
    chat = message.get("chat")
    if not isinstance(chat, dict) or not _is_int(chat.get("id")):
        raise MalformedUpdate(f"{where} has no integer chat.id")
    return chat["id"]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def text_for_assistant(text: str, bot_name: str) -> str:
    """What the assistant should read for a user's text, given Telegram's command habits.

    "/start" (sent when someone opens the bot, maybe with a deep-link argument) becomes a
    greeting, "/help" a question about what the bot can do; "/cmd@ThisBot" from a group
    loses its "@ThisBot". Other texts, including button payloads like "/ask_uses", pass as
    they are.
    """
    text = text.strip()
    if not text.startswith("/"):
        return text
    command, _, argument = text.partition(" ")
    name, _, addressee = command.partition("@")
    if addressee and addressee.lower() == bot_name.lower():
        command = name
    if command == "/start":
        return "hello"
    if command == "/help":
        return "what can you do?"
    return f"{command} {argument}".strip()

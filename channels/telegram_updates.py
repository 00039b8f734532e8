"""Sort an incoming Telegram update (already parsed JSON) into what the bot does with it.

Works on plain dicts, not aiogram types, so a malformed update is a clear MalformedUpdate
and not a validation traceback. `read_user_text` then gives the text the assistant reads,
with the same cleaning, command defusing and length limit as the REST and socket.io
channels (channels/input_limits.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Union

from channels.input_limits import clean_text, read_message_text
from channels.telegram_answers import expand
from safety.red_flags import detect

# Messages about the chat itself, not from the user to the bot: nothing to answer.
SERVICE_MESSAGE_FIELDS = frozenset(
    {
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "new_chat_photo",
        "delete_chat_photo",
        "group_chat_created",
        "supergroup_chat_created",
        "channel_chat_created",
        "migrate_to_chat_id",
        "migrate_from_chat_id",
        "pinned_message",
        "message_auto_delete_timer_changed",
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
        "general_forum_topic_hidden",
        "general_forum_topic_unhidden",
        "video_chat_scheduled",
        "video_chat_started",
        "video_chat_ended",
        "video_chat_participants_invited",
        "write_access_allowed",
        "users_shared",
        "chat_shared",
        "proximity_alert_triggered",
        "boost_added",
        "chat_background_set",
        "connected_website",
    }
)


class MalformedUpdate(ValueError):
    """The body is not a Telegram update; the message says what is wrong."""


@dataclass(frozen=True)
class UserText:
    """Something for the assistant: a typed message, or a pressed button's callback data
    (then `callback_query_id` is set)."""

    chat_id: int
    text: str
    callback_query_id: Optional[str] = None
    # For a button press: the message the button is under, and that message's inline keyboard.
    message_id: Optional[int] = None
    reply_markup: Optional[Dict[str, Any]] = field(default=None, compare=False, hash=False)

    @property
    def is_button_press(self) -> bool:
        return self.callback_query_id is not None


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
    message_id, reply_markup = None, None
    if isinstance(message, dict):
        chat_id = _chat_id(message, "callback_query.message")
        message_id = message["message_id"] if _is_int(message.get("message_id")) else None
        reply_markup = message["reply_markup"] if isinstance(message.get("reply_markup"), dict) else None
    else:
        # A button under an inline-mode message: no chat, but the user's id is a private chat.
        sender = callback.get("from")
        if not isinstance(sender, dict) or not _is_int(sender.get("id")):
            raise MalformedUpdate("callback_query has neither message.chat.id nor from.id")
        chat_id = sender["id"]
    data = callback.get("data")
    if isinstance(data, str) and data.strip():
        return UserText(chat_id, data, callback_id, message_id, reply_markup)
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


GREETING = "hello"
CAPABILITIES_QUESTION = "what can you do?"
# A deep link t.me/<bot>?start=<parameter> opens the chat with "/start <parameter>"; Telegram
# allows 1-64 of these characters. Anything else after /start was typed by the user.
_DEEP_LINK_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")


def read_user_text(update: UserText, bot_name: str) -> str:
    """The text the assistant reads for `update`; may be empty (the caller prompts for a question).

    Typed text is cleaned, Telegram's commands become words (`text_for_assistant`), and
    what is left is defused as on the REST channel: only a plain "/intent_name" stays a
    command. A button's callback data gets no command reading: its compact rating and source forms
    become their payloads (telegram_answers.expand), then the same defusing applies, so a payload
    that is neither a plain "/intent_name" nor a valid structured one is read as words too.

    Raises `Rejection` (413, with TOO_LONG_REPLY) for a text over MAX_TEXT_CHARS.
    """
    if update.is_button_press:
        return read_message_text(expand(update.text))
    return read_message_text(text_for_assistant(clean_text(update.text), bot_name))


def text_for_assistant(text: str, bot_name: str) -> str:
    """Telegram's command habits turned into what the user means; the result is then
    defused like any typed text (see `read_user_text`).

    - "/start" alone or with a deep-link parameter ("/start from-website"), sent when someone
      opens the bot: a greeting; "/help" alone: a question about what the bot can do;
    - but a one-word parameter that is a red flag ("/start overdose") was typed: that word;
    - "/start" or "/help" followed by words: those words, since what the user wrote matters
      more than the command ("/start my son swallowed 10 tablets" is an emergency);
    - "/cmd@ThisBot ..." from a group loses its "@ThisBot";
    - anything else passes as it is.
    """
    text = text.strip()
    if not text.startswith("/"):
        return text
    command, *rest = text.split(maxsplit=1)
    argument = rest[0] if rest else ""
    name, _, addressee = command.partition("@")
    if addressee and addressee.lower() == bot_name.lower():
        command = name
    keyword = command.lower()  # what Telegram's menu sends is lower case; people type "/Start"
    if keyword == "/start" and (not argument or _is_deep_link_parameter(argument)):
        return GREETING
    if keyword == "/help" and not argument:
        return CAPABILITIES_QUESTION
    if keyword in ("/start", "/help"):
        return argument
    return f"{command} {argument}".strip()


def _is_deep_link_parameter(argument: str) -> bool:
    """True for one token in Telegram's deep-link alphabet that raises no red flag.

    A deep link cannot be told from one typed word, so a word that the red-flag matcher
    (the one NLU runs) flags is read as the user's: a missed greeting costs less than a
    missed emergency.
    """
    return bool(_DEEP_LINK_PARAMETER.fullmatch(argument)) and detect(argument) is None

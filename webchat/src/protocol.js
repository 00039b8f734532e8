/*
 * What the widget and the bot say to each other beyond plain text (docs/client-protocol.md).
 *
 * Hidden payloads are user messages the widget sends without showing a user bubble:
 * "/restart", "/human_handoff", "/erase_conversation_confirmed" and
 * '/rate_answer{"rating":"up"|"down","response":"utter_x","reason":"unclear"}' (reason optional).
 * Bot messages (bot_uttered) may carry `metadata`:
 * {"response": "utter_x", "source": {"title", "year", "sections"}, "rateable": true, "erased": true}.
 */
import { cleanSource, isValidButton } from "./store.js";

export const RESTART = "/restart";
export const HANDOFF = "/human_handoff";
export const ERASE = "/erase_conversation_confirmed";

/** What a thumbs-down may say was wrong: value sent -> label shown. */
export const RATING_REASONS = [
  ["wrong_topic", "Wrong topic"],
  ["unclear", "Unclear"],
  ["incomplete", "Incomplete"],
  ["other", "Other"],
];

/**
 * The /rate_answer message for `response` ("utter_x"): rating "up" or "down", reason one of
 * RATING_REASONS' values or undefined. Throws Error for anything else.
 */
export function rateAnswer(rating, response, reason) {
  if (rating !== "up" && rating !== "down") throw new Error("rating must be up or down");
  if (typeof response !== "string" || !response) throw new Error("a rating needs the response name");
  const entities = { rating: rating, response: response };
  if (reason !== undefined) {
    if (rating !== "down" || !RATING_REASONS.some(([value]) => value === reason)) {
      throw new Error("unknown reason " + JSON.stringify(reason));
    }
    entities.reason = reason;
  }
  return "/rate_answer" + JSON.stringify(entities);
}

/**
 * A bot_uttered payload as the widget uses it:
 * {text, buttons: [{title, payload}], source: {...}|null, response: string|null, rateable, erased},
 * or null when it has nothing the widget shows (images, carousels...) and does not erase.
 */
export function readBotMessage(message) {
  if (!message || typeof message !== "object") return null;
  const text = typeof message.text === "string" ? message.text : "";
  const raw = Array.isArray(message.quick_replies) ? message.quick_replies :
    Array.isArray(message.buttons) ? message.buttons : [];
  const buttons = raw.filter(isValidButton).map((b) => ({ title: b.title, payload: b.payload }));
  const metadata = message.metadata && typeof message.metadata === "object" ? message.metadata : {};
  const response = typeof metadata.response === "string" && metadata.response ? metadata.response : null;
  const erased = metadata.erased === true;
  if (!text && buttons.length === 0 && !erased) return null;
  return {
    text: text,
    buttons: buttons,
    source: cleanSource(metadata.source),
    response: response,
    rateable: metadata.rateable === true && response !== null,
    erased: erased,
  };
}

/*
 * What the widget keeps in the browser, and for how long.
 *
 * The conversation (session id, messages, time of the last message) belongs to the tab: it is in
 * sessionStorage, so a reload continues it, a new tab starts a new conversation, and closing the
 * tab forgets it. It is also forgotten after `sessionMinutes` without a message, when Rasa starts
 * a new session anyway (domain.yml session_config). Nothing is kept in localStorage; keys left
 * there by widget versions that kept the conversation for ever are removed.
 *
 * Storage never throws: private modes, a full quota or blocked storage only mean the chat is not
 * remembered beyond this page view.
 */

const CONVERSATION_KEYS = ["session", "history", "active"];
const LEGACY_LOCAL_KEYS = ["session", "history"];
const RATINGS = ["up", "down"];

function isString(value) {
  return typeof value === "string";
}

export function isValidButton(button) {
  return Boolean(button) && isString(button.title) && isString(button.payload);
}

/** {title, year?, sections[]} from a response's metadata.source, or null if it has no title. */
export function cleanSource(source) {
  if (!source || typeof source !== "object" || !isString(source.title) || !source.title.trim()) return null;
  const clean = { title: source.title.trim().slice(0, 300), sections: [] };
  if (Number.isInteger(source.year)) clean.year = source.year;
  if (Array.isArray(source.sections)) {
    clean.sections = source.sections.filter((s) => isString(s) && s.trim()).map((s) => s.trim().slice(0, 300)).slice(0, 10);
  }
  return clean;
}

/** A stored entry as the widget renders it, or null when it is not one. */
export function cleanEntry(entry) {
  if (!entry || ["user", "bot", "intro"].indexOf(entry.from) < 0 || !isString(entry.text)) return null;
  const clean = { from: entry.from, text: entry.text };
  if (entry.buttons !== undefined) {
    if (!Array.isArray(entry.buttons) || !entry.buttons.every(isValidButton)) return null;
    clean.buttons = entry.buttons.map((b) => ({ title: b.title, payload: b.payload }));
  }
  if (entry.from !== "bot") return clean;
  const source = cleanSource(entry.source);
  if (source) clean.source = source;
  if (entry.rateable === true && isString(entry.response) && entry.response) {
    clean.rateable = true;
    clean.response = entry.response;
    if (RATINGS.indexOf(entry.rated) >= 0) clean.rated = entry.rated;
  }
  return clean;
}

export class Store {
  /**
   * prefix: key prefix ("baclofen-chat" -> "baclofen-chat:history");
   * historyLimit: entries kept; sessionMinutes: idle time after which the conversation is forgotten;
   * now: clock in milliseconds (tests and callers may pass their own).
   */
  constructor(prefix, historyLimit, sessionMinutes, now = () => Date.now()) {
    this.prefix = prefix;
    this.historyLimit = historyLimit;
    this.idleLimitMs = sessionMinutes * 60 * 1000;
    this.now = now;
    for (const key of LEGACY_LOCAL_KEYS) this.set("localStorage", key, null);
  }

  get(area, key) {
    try {
      return window[area].getItem(this.prefix + ":" + key);
    } catch (error) {
      return null;
    }
  }

  set(area, key, value) {
    try {
      if (value === null) window[area].removeItem(this.prefix + ":" + key);
      else window[area].setItem(this.prefix + ":" + key, value);
    } catch (error) {
      /* storage unavailable: the chat still works for this page view */
    }
  }

  /** Forgets the conversation if its last message is older than the session expiry; true if it did. */
  expireIfIdle() {
    const active = Number(this.get("sessionStorage", "active"));
    if (!active || this.now() - active <= this.idleLimitMs) return false;
    this.clearConversation();
    return true;
  }

  /** Records activity now (a message sent or received). */
  touch() {
    this.set("sessionStorage", "active", String(this.now()));
  }

  /** Removes the session id, the messages and the activity time from this tab. */
  clearConversation() {
    for (const key of CONVERSATION_KEYS) this.set("sessionStorage", key, null);
  }

  sessionId() {
    return this.get("sessionStorage", "session");
  }

  setSessionId(id) {
    this.set("sessionStorage", "session", id);
  }

  wasOpen() {
    const value = this.get("sessionStorage", "open");
    return value === null ? null : value === "1";
  }

  setOpen(open) {
    this.set("sessionStorage", "open", open ? "1" : "0");
  }

  // The staff token lives for this tab only: sessionStorage, never localStorage or the URL.
  staffToken() {
    return this.get("sessionStorage", "staff-token");
  }

  setStaffToken(token) {
    this.set("sessionStorage", "staff-token", token || null);
  }

  /** The stored entries (invalid ones skipped), at most historyLimit. */
  history() {
    const raw = this.get("sessionStorage", "history");
    if (!raw) return [];
    try {
      const entries = JSON.parse(raw);
      return Array.isArray(entries) ? entries.map(cleanEntry).filter(Boolean).slice(-this.historyLimit) : [];
    } catch (error) {
      return [];
    }
  }

  saveHistory(entries) {
    this.set("sessionStorage", "history", JSON.stringify(entries.slice(-this.historyLimit)));
  }
}

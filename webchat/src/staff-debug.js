/*
 * Staff debug mode: under each bot turn, what the bot understood (intent, confidence, entities,
 * actions), read from Rasa's HTTP API with a staff token. See webchat/README.md.
 */
import { el, textEl, uid } from "./dom.js";

// Rasa's bookkeeping actions say nothing about how the bot answered (as in staff/turns.py).
const SILENT_ACTIONS = ["action_listen", "action_session_start"];
const FIRST_DELAY_MS = 400; // the bot's messages of one turn arrive in a burst
const RETRY_DELAY_MS = 500; // Rasa saves the tracker a moment after the last reply
const ATTEMPTS = 6;

export const STAFF_TEXT = {
  off: "Debug off: enter the staff token.",
  on: "Debug on: each reply shows what the bot understood.",
  refused: "Staff token refused",
  notEnabled: "Debug API not enabled on the server",
  unreachable: "Debug API unreachable; will try again after the next reply.",
  notFound: "No debug data found for the last reply.",
};

/** User turns rebuilt from tracker events: [{text, intent, confidence, entities, actions, complete}]. */
export function trackerTurns(events) {
  const turns = [];
  for (const event of Array.isArray(events) ? events : []) {
    if (!event || typeof event !== "object") continue;
    const turn = turns[turns.length - 1];
    if (event.event === "user") {
      const parse = event.parse_data && typeof event.parse_data === "object" ? event.parse_data : {};
      const intent = parse.intent && typeof parse.intent === "object" ? parse.intent : {};
      turns.push({
        text: String(event.text || ""),
        intent: typeof intent.name === "string" ? intent.name : null,
        confidence: typeof intent.confidence === "number" ? intent.confidence : null,
        entities: Array.isArray(parse.entities) ? parse.entities : [],
        actions: [],
        complete: false,
      });
    } else if (turn && event.event === "action" && typeof event.name === "string") {
      // The turn is over once Rasa waits for the user again.
      if (event.name === "action_listen") turn.complete = true;
      else if (SILENT_ACTIONS.indexOf(event.name) < 0) turn.actions.push(event.name);
    }
  }
  return turns;
}

/** The newest finished turn for the message the widget sent, or null while Rasa is still busy. */
export function findTurn(events, sentText) {
  const turns = trackerTurns(events);
  for (let i = turns.length - 1; i >= 0; i -= 1) {
    if (turns[i].text === sentText) return turns[i].complete ? turns[i] : null;
  }
  return null;
}

/** "intent ask_what_is 0.97 · entities none · actions utter_what_is, action_add_disclaimer" */
export function debugSummary(turn) {
  const entities = [];
  for (const entity of turn.entities) {
    if (!entity || typeof entity.entity !== "string") continue;
    const value = typeof entity.value === "object" ? JSON.stringify(entity.value) : String(entity.value);
    const pair = entity.entity + "=" + value;
    if (entities.indexOf(pair) < 0) entities.push(pair);
  }
  return [
    "intent " + (turn.intent || "(none)") + " " + (turn.confidence === null ? "?" : turn.confidence.toFixed(2)),
    "entities " + (entities.length ? entities.join(", ") : "none"),
    "actions " + (turn.actions.length ? turn.actions.join(", ") : "none"),
  ].join(" \u00b7 ");
}

function buildStaffPanel() {
  const inputId = uid("staff-token");
  const form = el("form", "bcw-staff", { novalidate: "", "aria-label": "Staff debug" });
  const label = textEl("label", "bcw-staff-label", "Staff token", { for: inputId });
  // autocomplete=off and no name: browsers should not offer to save it.
  const input = el("input", "bcw-staff-input", {
    id: inputId, type: "password", autocomplete: "off", spellcheck: "false",
  });
  const use = textEl("button", "bcw-staff-button", "Use", { type: "submit" });
  const forget = textEl("button", "bcw-staff-button", "Forget", { type: "button" });
  const status = el("p", "bcw-staff-status", { role: "status" });
  for (const node of [label, input, use, forget, status]) form.appendChild(node);
  return { form, input, forget, status };
}

export class StaffDebug {
  /** config: the widget's; store: its Store; onLine(): called after a debug line is added. */
  constructor(config, store, onLine) {
    this.config = config;
    this.store = store;
    this.onLine = onLine;
    this.turn = null; // {text: the message sent, bubble: the turn's last bot message}
    this.stopped = false;
    this.destroyed = false;
    this.timer = null;
    this.nodes = buildStaffPanel();
    this.bindEvents();
  }

  get form() {
    return this.nodes.form;
  }

  bindEvents() {
    const nodes = this.nodes;
    nodes.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const token = nodes.input.value.trim();
      nodes.input.value = ""; // not left in the page once stored
      if (!token) return;
      this.store.setStaffToken(token);
      this.stopped = false;
      this.setStatus(STAFF_TEXT.on);
    });
    nodes.forget.addEventListener("click", () => {
      this.store.setStaffToken(null);
      nodes.input.value = "";
      this.setStatus(STAFF_TEXT.off);
    });
    this.setStatus(this.store.staffToken() ? STAFF_TEXT.on : STAFF_TEXT.off);
  }

  setStatus(text) {
    this.nodes.status.textContent = text;
  }

  /** The widget sent `text`: the next bot messages belong to its turn. */
  sent(text) {
    this.turn = { text: text, bubble: null };
  }

  /** A bot message arrived; one tracker read per turn, once the turn's messages are in. */
  received(bubble) {
    const turn = this.turn;
    if (!turn) return;
    turn.bubble = bubble;
    if (this.stopped || !this.store.staffToken()) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fetch(turn, ATTEMPTS), FIRST_DELAY_MS);
  }

  fetch(turn, attemptsLeft) {
    const token = this.store.staffToken();
    const sessionId = this.store.sessionId();
    if (this.destroyed || this.stopped || !token || !sessionId) return;
    // Rasa's --auth-token is accepted only as ?token=; a plain GET, so no CORS preflight.
    const url = this.config.server + "/conversations/" + encodeURIComponent(sessionId) +
      "/tracker?token=" + encodeURIComponent(token);
    fetch(url, { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" })
      .then((response) => {
        if (response.status === 401 || response.status === 403) {
          this.stop(STAFF_TEXT.refused);
          this.store.setStaffToken(null); // useless now; a new one can be entered
          return null;
        }
        if (response.status === 404 || response.status === 405) {
          this.stop(STAFF_TEXT.notEnabled);
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then((tracker) => {
        if (!tracker || this.destroyed || this.stopped) return;
        const found = findTurn(tracker.events, turn.text);
        if (found) this.renderLine(turn.bubble, debugSummary(found));
        else if (attemptsLeft > 1) this.timer = setTimeout(() => this.fetch(turn, attemptsLeft - 1), RETRY_DELAY_MS);
        else this.setStatus(STAFF_TEXT.notFound);
      })
      .catch(() => {
        // No status to read (no details either: the URL holds the token). Rasa 3.6 sends its API
        // errors, the 401 for a wrong token among them, without CORS headers, so the browser hides
        // them. If Rasa answers its root route from here, it was that refusal; else Rasa is down
        // or --cors leaves this origin out.
        if (!this.destroyed) this.explainUnreadableAnswer();
      });
  }

  explainUnreadableAnswer() {
    fetch(this.config.server + "/", { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" })
      .then((response) => {
        if (this.destroyed || this.stopped) return;
        if (response.ok) {
          this.stop(STAFF_TEXT.refused);
          this.store.setStaffToken(null);
        } else this.setStatus(STAFF_TEXT.unreachable);
      })
      .catch(() => {
        if (!this.destroyed) this.setStatus(STAFF_TEXT.unreachable);
      });
  }

  stop(text) {
    this.stopped = true;
    clearTimeout(this.timer);
    this.setStatus(text);
  }

  /** The debug line goes right under the turn's last bot message, as text, styled apart from it. */
  renderLine(bubble, summary) {
    if (!bubble || !bubble.isConnected) return;
    const next = bubble.nextElementSibling;
    if (next && next.classList.contains("bcw-debug")) next.remove();
    const line = el("p", "bcw-debug", { role: "note", "aria-label": "Staff debug for this reply: " + summary });
    line.appendChild(textEl("span", "bcw-debug-badge", "debug", { "aria-hidden": "true" }));
    line.appendChild(textEl("span", "bcw-debug-text", summary, { "aria-hidden": "true" }));
    bubble.insertAdjacentElement("afterend", line);
    this.setStatus(STAFF_TEXT.on);
    this.onLine();
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.timer);
  }
}

/*
 * The chat widget: a launcher button and a chat panel. It puts the other modules together:
 * what is shown (messages.js), kept (store.js), sent and received (connection.js, protocol.js),
 * announced and focused (a11y.js), and the privacy and staff parts.
 */
import { Announcer, trapFocus } from "./a11y.js";
import { loadStylesheet } from "./assets.js";
import { colourVariables } from "./colours.js";
import { Connection } from "./connection.js";
import { ICONS, el, icon, textEl, uid } from "./dom.js";
import { renderEntry, renderQuickReplies } from "./messages.js";
import { buildEraseConfirmation, buildPrivacyNotice } from "./privacy.js";
import { ERASE, HANDOFF, RESTART, rateAnswer, readBotMessage } from "./protocol.js";
import { StaffDebug } from "./staff-debug.js";
import { Store } from "./store.js";

const DISCLAIMER =
  "General information only, not medical advice. In an emergency call your local emergency number.";
const GREETING =
  "Hello! I'm an automated assistant. I answer general questions about baclofen: what it is, " +
  "how it works, what it is used for, how it is given, its common side effects, driving, and " +
  "why it must not be stopped suddenly. I can't advise on your own dose or treatment.";
const STALLED_TEXT = "No answer yet: the connection may be slow or lost. Please wait, or reload the page and ask again.";
// The same breakpoint as widget.css: there the panel fills the screen and becomes modal.
const FULL_SCREEN_QUERY = "(max-width: 480px), (max-height: 520px)";
// Phones and tablets: focusing the message box on open would pop up the on-screen keyboard.
const TOUCH_QUERY = "(pointer: coarse)";

function matches(query) {
  return typeof window.matchMedia === "function" && window.matchMedia(query).matches;
}

function plural(count, one, many) {
  return count + " " + (count === 1 ? one : many);
}

function buildLauncher(config, panelId) {
  const launcher = el("button", "bcw-launcher", {
    type: "button", "aria-controls": panelId, "aria-expanded": "false",
  });
  launcher.appendChild(icon(ICONS.chat, "bcw-icon-chat"));
  launcher.appendChild(icon(ICONS.close, "bcw-icon-close"));
  const badge = el("span", "bcw-badge", { "aria-hidden": "true" });
  badge.hidden = true;
  launcher.appendChild(badge);
  return { launcher, badge };
}

function buildHeader(config, titleId) {
  const header = el("div", "bcw-header");
  header.appendChild(textEl("h2", "bcw-title", config.title, { id: titleId }));
  const closeButton = el("button", "bcw-close", { type: "button", "aria-label": "Close chat" });
  closeButton.appendChild(icon(ICONS.close));
  header.appendChild(closeButton);
  return { header, closeButton };
}

function buildToolbar() {
  const toolbar = el("div", "bcw-toolbar");
  const contact = textEl("button", "bcw-link-button bcw-contact", "Contact a person", { type: "button" });
  const restart = textEl("button", "bcw-link-button bcw-restart", "New conversation", { type: "button" });
  toolbar.appendChild(contact);
  toolbar.appendChild(restart);
  return { toolbar, contact, restart };
}

function buildForm(config) {
  const inputId = uid("input"), counterId = uid("counter"), hintId = uid("hint"), cutId = uid("cut");
  const form = el("form", "bcw-form", { novalidate: "" });
  const label = textEl("label", "bcw-visually-hidden", "Your question about baclofen", { for: inputId });
  const input = el("input", "bcw-input", {
    id: inputId, type: "text", maxlength: String(config.maxLength), autocomplete: "off",
    "aria-describedby": counterId + " " + hintId + " " + cutId, placeholder: "Ask about baclofen\u2026",
  });
  const send = textEl("button", "bcw-send", "Send", { type: "submit" });
  const meta = el("div", "bcw-meta");
  const cut = el("span", "bcw-cut", { id: cutId });
  const hint = textEl("span", "bcw-visually-hidden", "Up to " + config.maxLength + " characters.", { id: hintId });
  const counter = el("span", "bcw-counter", { id: counterId });
  for (const node of [cut, hint, counter]) meta.appendChild(node);
  for (const node of [label, input, send, meta]) form.appendChild(node);
  return { form, input, counter, cut };
}

export class ChatWidget {
  /** config: from normaliseConfig(); assetUrl(path): a URL next to widget.js. */
  constructor(config, assetUrl) {
    this.config = config;
    this.assetUrl = assetUrl;
    this.store = new Store(config.storageKey, config.historyLimit, config.sessionMinutes);
    this.store.expireIfIdle();
    this.history = this.store.history();
    this.unread = 0;
    this.destroyed = false;
    this.styled = false;
    this.stalled = false;
    this.typingTimer = null;
    this.cleanups = [];
    this.announcer = new Announcer();
    this.staff = config.staff ? new StaffDebug(config, this.store, () => this.scrollToEnd()) : null;
    this.connection = new Connection(config, this.store, assetUrl(config.socketIoSrc), {
      onMessage: (message) => this.receive(message),
      onSent: (text) => {
        if (this.staff) this.staff.sent(text);
        this.setTyping(true);
      },
      onStatus: (text) => this.setStatus(text),
      onDown: () => this.setTyping(false),
    });
    this.build();
    this.renderHistory();
    const remembered = this.store.wasOpen();
    if (remembered === null ? config.open : remembered) this.open({ focus: false });
  }

  // ---- building

  build() {
    const config = this.config;
    const panelId = uid("panel"), titleId = uid("title");
    // The widget's own language: the assistant speaks English whatever the host page's lang is.
    const root = el("div", "bcw-root", { lang: "en", dir: "ltr" });
    root.hidden = true; // shown once the stylesheet has loaded, so it never flashes unstyled
    for (const [name, value] of Object.entries(colourVariables(config.primaryColor))) root.style.setProperty(name, value);

    const launcher = buildLauncher(config, panelId);
    const panel = el("div", "bcw-panel", {
      id: panelId, role: "dialog", "aria-labelledby": titleId, "aria-modal": "false", tabindex: "-1",
    });
    panel.hidden = true;
    const header = buildHeader(config, titleId);
    const disclaimer = textEl("p", "bcw-disclaimer", DISCLAIMER);
    const toolbar = buildToolbar();
    // Always in the page (it collapses when empty): a live region that appears together with
    // its text is often not announced.
    const status = el("div", "bcw-status", { role: "status" });
    // Not live itself: the announcer reads out bot messages once, and not the user's own.
    const log = el("div", "bcw-log", { role: "log", "aria-label": "Conversation", "aria-live": "off", tabindex: "0" });
    const typing = el("div", "bcw-typing", { "aria-hidden": "true" });
    typing.hidden = true;
    for (let i = 0; i < 3; i += 1) typing.appendChild(el("span", "bcw-dot"));
    const form = buildForm(config);
    const privacy = buildPrivacyNotice(config);
    const confirm = buildEraseConfirmation();

    for (const node of [header.header, disclaimer, toolbar.toolbar, status, log, typing, form.form, privacy.node]) {
      panel.appendChild(node);
    }
    if (this.staff) panel.appendChild(this.staff.form);
    panel.appendChild(confirm.node);
    root.appendChild(launcher.launcher);
    root.appendChild(panel);
    root.appendChild(this.announcer.node);
    document.body.appendChild(root);

    this.nodes = {
      root, panel, status, log, typing,
      launcher: launcher.launcher, badge: launcher.badge, closeButton: header.closeButton,
      contact: toolbar.contact, restart: toolbar.restart,
      form: form.form, input: form.input, counter: form.counter, cut: form.cut,
      deleteButton: privacy.deleteButton, confirm,
    };
    this.setStatus(null);
    this.updateCounter();
    this.updateLauncher();
    this.bindEvents();
    loadStylesheet(this.assetUrl(config.cssSrc)).then(() => {
      if (this.destroyed) return;
      root.hidden = false;
      this.styled = true;
      // Only now has the log its height: scrolling earlier left a reload at the top of the history.
      this.scrollToEnd();
    });
  }

  bindEvents() {
    const nodes = this.nodes;
    nodes.launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open({ focus: true })));
    nodes.closeButton.addEventListener("click", () => this.close());
    nodes.root.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      if (this.confirmOpen()) {
        event.preventDefault();
        this.hideConfirm();
      } else if (this.isOpen()) {
        event.preventDefault();
        this.close();
      }
    });
    nodes.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendText(nodes.input.value);
    });
    nodes.input.addEventListener("input", () => this.updateCounter());
    nodes.input.addEventListener("beforeinput", (event) => this.noticeCut(event));
    nodes.contact.addEventListener("click", () => this.sendHidden(HANDOFF));
    nodes.restart.addEventListener("click", () => this.startOver());
    nodes.deleteButton.addEventListener("click", () => this.showConfirm());
    nodes.confirm.cancelButton.addEventListener("click", () => this.hideConfirm());
    nodes.confirm.confirmButton.addEventListener("click", () => {
      this.hideConfirm();
      this.sendHidden(ERASE);
    });
    // Full screen (phones) the panel is modal: Tab stays inside it. The erase confirmation is
    // modal wherever it shows.
    this.cleanups.push(trapFocus(nodes.panel, () => this.isOpen() && this.isFullScreen() && !this.confirmOpen()));
    this.cleanups.push(trapFocus(nodes.confirm.dialog, () => this.confirmOpen()));
    if (typeof window.matchMedia === "function") {
      const query = window.matchMedia(FULL_SCREEN_QUERY);
      const onChange = () => this.updateModal();
      query.addEventListener("change", onChange);
      this.cleanups.push(() => query.removeEventListener("change", onChange));
    }
  }

  // ---- opening and closing

  isOpen() {
    return !this.nodes.panel.hidden;
  }

  isFullScreen() {
    return matches(FULL_SCREEN_QUERY);
  }

  updateModal() {
    this.nodes.panel.setAttribute("aria-modal", String(this.isOpen() && this.isFullScreen()));
  }

  open(options) {
    const nodes = this.nodes;
    nodes.panel.hidden = false;
    nodes.root.classList.add("bcw-is-open");
    this.store.setOpen(true);
    if (this.store.expireIfIdle()) {
      // Left idle past the session expiry with the page open: start afresh, as Rasa does.
      this.clearConversationView();
      this.connection.newSession();
    }
    this.unread = 0;
    this.updateLauncher();
    this.updateModal();
    if (this.history.length === 0) this.addEntry({ from: "intro", text: GREETING });
    this.scrollToEnd();
    this.connection.connect();
    if (options && options.focus) {
      // On touch screens the dialog itself takes focus: the keyboard comes up only when asked.
      if (matches(TOUCH_QUERY)) nodes.panel.focus();
      else nodes.input.focus();
    }
  }

  close() {
    const nodes = this.nodes;
    this.hideConfirm();
    nodes.panel.hidden = true;
    nodes.root.classList.remove("bcw-is-open");
    this.store.setOpen(false);
    this.updateLauncher();
    this.updateModal();
    nodes.launcher.focus();
  }

  /** Launcher name, state and unread badge. */
  updateLauncher() {
    const { launcher, badge } = this.nodes;
    const open = this.isOpen();
    launcher.setAttribute("aria-expanded", String(open));
    let label = (open ? "Close chat: " : "Open chat: ") + this.config.title;
    if (!open && this.unread > 0) label += ", " + plural(this.unread, "new reply", "new replies");
    launcher.setAttribute("aria-label", label);
    badge.hidden = open || this.unread === 0;
    badge.textContent = this.unread > 9 ? "9+" : String(this.unread);
  }

  // ---- the message box

  updateCounter() {
    const length = this.nodes.input.value.length;
    const max = this.config.maxLength;
    this.nodes.counter.textContent = length + "/" + max;
    this.nodes.counter.classList.toggle("bcw-counter-full", length >= max);
    if (length < max) this.nodes.cut.textContent = "";
  }

  /** Says so when typed or pasted text goes beyond maxLength (the browser drops the rest). */
  noticeCut(event) {
    if (!/^insert/.test(event.inputType || "")) return;
    let incoming = event.data;
    if (incoming == null && event.dataTransfer) incoming = event.dataTransfer.getData("text/plain");
    if (!incoming) return;
    const input = this.nodes.input;
    const selected = Math.max(0, (input.selectionEnd || 0) - (input.selectionStart || 0));
    const room = Math.max(0, this.config.maxLength - (input.value.length - selected));
    if (incoming.length <= room) return;
    const left = incoming.length - room;
    const text = "Messages can be at most " + this.config.maxLength + " characters: the last " +
      plural(left, "character was", "characters were") + " left out.";
    this.nodes.cut.textContent = text;
    this.announcer.say(text);
  }

  setStatus(text) {
    this.stalled = text === STALLED_TEXT;
    this.nodes.status.textContent = text || "";
    this.nodes.root.classList.toggle("bcw-is-offline", Boolean(text));
  }

  // ---- the conversation

  renderOne(entry) {
    const rendered = renderEntry(entry, (rated, rating, reason) => this.rate(rated, rating, reason));
    this.nodes.log.appendChild(rendered.node);
    return rendered.bubble;
  }

  renderQuickReplies(buttons) {
    this.removeQuickReplies();
    if (!buttons || buttons.length === 0) return;
    this.nodes.log.appendChild(renderQuickReplies(buttons, (button) => {
      this.sendText(button.payload, button.title);
      this.focusInput();
    }));
  }

  removeQuickReplies() {
    for (const node of this.nodes.log.querySelectorAll(".bcw-quick-replies")) node.remove();
  }

  renderHistory() {
    for (const entry of this.history) this.renderOne(entry);
    const last = this.history[this.history.length - 1];
    if (last && last.from === "bot") this.renderQuickReplies(last.buttons);
  }

  addEntry(entry) {
    this.history.push(entry);
    if (this.history.length > this.config.historyLimit) {
      this.history = this.history.slice(-this.config.historyLimit);
      const shown = this.nodes.log.querySelectorAll(".bcw-entry");
      if (shown.length >= this.config.historyLimit) shown[0].remove();
    }
    this.store.saveHistory(this.history);
    this.removeQuickReplies();
    const bubble = this.renderOne(entry);
    if (entry.from === "bot") this.renderQuickReplies(entry.buttons);
    this.scrollToEnd();
    return bubble;
  }

  clearConversationView() {
    this.history = [];
    this.nodes.log.replaceChildren();
  }

  scrollToEnd() {
    const log = this.nodes.log;
    log.scrollTop = log.scrollHeight;
  }

  focusInput() {
    if (!matches(TOUCH_QUERY)) this.nodes.input.focus();
  }

  setTyping(on) {
    clearTimeout(this.typingTimer);
    this.nodes.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(() => {
        // No reply in time: the dots go, and the status says what is going on.
        this.nodes.typing.hidden = true;
        this.setStatus(STALLED_TEXT);
      }, this.config.replyTimeoutSeconds * 1000);
    }
    this.scrollToEnd();
  }

  /** Sends `message` to the bot; `shownAs` is what the user bubble shows (a button's title). */
  sendText(message, shownAs) {
    let text = String(message || "").trim();
    if (!text) return;
    if (text.length > this.config.maxLength && shownAs === undefined) text = text.slice(0, this.config.maxLength);
    this.addEntry({ from: "user", text: shownAs === undefined ? text : String(shownAs) });
    if (shownAs === undefined) {
      this.nodes.input.value = "";
      this.updateCounter();
    }
    this.store.touch();
    this.connection.send(text);
  }

  /** Sends a payload the user does not see as a message of their own (a control's action). */
  sendHidden(payload) {
    this.store.touch();
    this.connection.send(payload);
  }

  rate(entry, rating, reason) {
    entry.rated = rating;
    this.store.saveHistory(this.history);
    this.sendHidden(rateAnswer(rating, entry.response, reason));
  }

  /** "New conversation": this tab forgets the messages, and Rasa restarts (it then greets). */
  startOver() {
    this.clearConversationView();
    this.store.saveHistory([]);
    this.announcer.clear();
    this.sendHidden(RESTART);
  }

  receive(message) {
    const reply = readBotMessage(message);
    if (!reply) return;
    this.setTyping(false);
    if (this.stalled) this.setStatus(null);
    if (reply.erased) {
      // The server erased the conversation: so does the browser, and a new session begins.
      this.store.clearConversation();
      this.clearConversationView();
      this.announcer.clear();
      if (reply.text) this.renderOne({ from: "bot", text: reply.text });
      this.connection.newSession();
    } else {
      const entry = { from: "bot", text: reply.text };
      if (reply.buttons.length) entry.buttons = reply.buttons;
      if (reply.source) entry.source = reply.source;
      if (reply.rateable) Object.assign(entry, { rateable: true, response: reply.response });
      const bubble = this.addEntry(entry);
      this.store.touch();
      if (this.staff) this.staff.received(bubble);
    }
    if (this.isOpen()) {
      if (reply.text) this.announcer.say(reply.text);
    } else {
      this.unread += 1;
      this.updateLauncher();
      this.announcer.say("New reply in the " + this.config.title + " chat.");
    }
  }

  // ---- erasing

  confirmOpen() {
    return !this.nodes.confirm.node.hidden;
  }

  showConfirm() {
    this.nodes.confirm.node.hidden = false;
    this.nodes.confirm.cancelButton.focus();
  }

  hideConfirm() {
    if (!this.confirmOpen()) return;
    this.nodes.confirm.node.hidden = true;
    if (this.isOpen()) this.nodes.deleteButton.focus();
  }

  destroy() {
    this.destroyed = true;
    clearTimeout(this.typingTimer);
    this.announcer.clear();
    if (this.staff) this.staff.destroy();
    this.connection.destroy();
    for (const cleanup of this.cleanups) cleanup();
    this.nodes.root.remove();
  }
}

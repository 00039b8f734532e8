/* Baclofen assistant chat widget. GENERATED from webchat/src/ by `npm run build` (esbuild): edit the sources, not this file. */
(() => {
  // src/dom.js
  var idCounter = 0;
  function uid(name) {
    idCounter += 1;
    return "bcw-" + name + "-" + idCounter;
  }
  function el(tag, className, attributes) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    return node;
  }
  function textEl(tag, className, text, attributes) {
    const node = el(tag, className, attributes);
    node.textContent = text;
    return node;
  }
  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(pathData, className) {
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (className) svg.setAttribute("class", className);
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z",
    newTab: "M14 3h7v7h-2V6.4l-9.3 9.3-1.4-1.4L17.6 5H14V3zM5 5h6v2H5v12h12v-6h2v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2z",
    thumbUp: "M2 21h4V9H2v12zm20-11a2 2 0 0 0-2-2h-6.3l1-4.6V3a1.5 1.5 0 0 0-.4-1L13.2 1 6.6 7.6A2 2 0 0 0 6 9v10a2 2 0 0 0 2 2h9a2 2 0 0 0 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z",
    thumbDown: "M22 3h-4v12h4V3zM2 14a2 2 0 0 0 2 2h6.3l-1 4.6V21c0 .4.2.8.4 1l1.1 1 6.6-6.6A2 2 0 0 0 18 15V5a2 2 0 0 0-2-2H7a2 2 0 0 0-1.8 1.2l-3 7.1c-.1.2-.2.5-.2.7v2z"
  };

  // src/a11y.js
  var CLEAR_AFTER_MS = 7e3;
  var Announcer = class {
    constructor() {
      this.node = el("div", "bcw-visually-hidden bcw-announcer", { "aria-live": "polite", "aria-atomic": "false" });
      this.timer = null;
    }
    say(text) {
      this.node.appendChild(textEl("p", "", text));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.clear(), CLEAR_AFTER_MS);
    }
    clear() {
      clearTimeout(this.timer);
      this.node.textContent = "";
    }
  };
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
  function focusables(container) {
    return Array.from(container.querySelectorAll(FOCUSABLE)).filter((node) => {
      if (node.closest("[hidden], [inert]")) return false;
      const details = node.parentElement && node.parentElement.closest("details:not([open])");
      if (details && node !== details.querySelector("summary")) return false;
      return node.getClientRects().length > 0;
    });
  }
  function trapFocus(container, active) {
    const onKeydown = (event) => {
      if (event.key !== "Tab" || !active()) return;
      const nodes = focusables(container);
      if (nodes.length === 0) return;
      const first = nodes[0], last = nodes[nodes.length - 1];
      const current2 = document.activeElement;
      if (event.shiftKey && (current2 === first || !container.contains(current2))) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (current2 === last || !container.contains(current2))) {
        event.preventDefault();
        first.focus();
      }
    };
    const onFocusIn = (event) => {
      if (!active() || container.contains(event.target)) return;
      const nodes = focusables(container);
      (nodes[0] || container).focus();
    };
    document.addEventListener("keydown", onKeydown, true);
    document.addEventListener("focusin", onFocusIn, true);
    return () => {
      document.removeEventListener("keydown", onKeydown, true);
      document.removeEventListener("focusin", onFocusIn, true);
    };
  }

  // src/assets.js
  function loadStylesheet(href) {
    return new Promise((resolve) => {
      const existing = document.querySelector("link[data-bcw-css]");
      if (existing) {
        if (existing.sheet) resolve();
        else {
          existing.addEventListener("load", () => resolve(), { once: true });
          existing.addEventListener("error", () => resolve(), { once: true });
        }
        return;
      }
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.setAttribute("data-bcw-css", "");
      link.onload = link.onerror = () => resolve();
      document.head.appendChild(link);
    });
  }
  var socketIoPromise = null;
  function loadSocketIo(src) {
    if (window.io) return Promise.resolve(window.io);
    if (!socketIoPromise) {
      socketIoPromise = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = () => window.io ? resolve(window.io) : reject(new Error("socket.io client did not load"));
        script.onerror = () => {
          socketIoPromise = null;
          reject(new Error("could not load the socket.io client from " + src));
        };
        document.head.appendChild(script);
      });
    }
    return socketIoPromise;
  }

  // src/colours.js
  function luminance(hex) {
    const h = hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function colourVariables(primary) {
    const onPrimary = contrast(primary, "#ffffff") >= contrast(primary, "#111111") ? "#ffffff" : "#111111";
    const accent = contrast(primary, "#eef1f4") >= 4.5 ? primary : "#0b4f94";
    return { "--bcw-primary": primary, "--bcw-on-primary": onPrimary, "--bcw-accent": accent };
  }

  // src/connection.js
  var OFFLINE_TEXT = "Can't reach the assistant. Retrying…";
  var REFUSED_TEXT = "The assistant refused the connection. Please reload the page later.";
  var Connection = class {
    /**
     * config: the widget's; store: its Store (the session id); socketIoUrl: where the client is;
     * handlers: {onMessage(payload), onSent(text), onStatus(text|null), onDown()}.
     */
    constructor(config, store, socketIoUrl, handlers) {
      this.config = config;
      this.store = store;
      this.socketIoUrl = socketIoUrl;
      this.handlers = handlers;
      this.socket = null;
      this.connecting = false;
      this.sessionReady = false;
      this.destroyed = false;
      this.queue = [];
    }
    /** Sends `text` now if the session is ready, else once it is. */
    send(text) {
      this.queue.push(text);
      this.flush();
    }
    flush() {
      if (!this.socket || !this.sessionReady) return;
      while (this.queue.length > 0) {
        const message = this.queue.shift();
        this.socket.emit("user_uttered", {
          message,
          session_id: this.store.sessionId(),
          metadata: Object.assign({ client: "baclofen-webchat" }, this.config.metadata)
        });
        this.handlers.onSent(message);
      }
    }
    /** Asks the server for a new session id (after the old conversation was erased). */
    newSession() {
      this.sessionReady = false;
      if (this.socket && this.socket.connected) this.socket.emit("session_request", { session_id: null });
    }
    connect() {
      if (this.socket || this.connecting) return;
      this.connecting = true;
      loadSocketIo(this.socketIoUrl).then((io) => {
        if (this.destroyed) return;
        const options = {
          path: this.config.socketPath,
          // websocket first: it works even where the server sends no CORS headers for polling.
          transports: ["websocket", "polling"],
          tryAllTransports: true,
          reconnectionDelay: 1e3,
          reconnectionDelayMax: 5e3
        };
        if (this.config.token) options.auth = { token: this.config.token };
        const socket = io(this.config.server, options);
        this.socket = socket;
        socket.on("connect", () => {
          socket.emit("session_request", { session_id: this.store.sessionId() });
        });
        socket.on("session_confirm", (data) => {
          const id = typeof data === "string" ? data : data && data.session_id;
          if (typeof id === "string" && id) this.store.setSessionId(id);
          this.sessionReady = true;
          this.handlers.onStatus(null);
          this.flush();
        });
        socket.on("bot_uttered", (message) => this.handlers.onMessage(message));
        socket.on("connect_error", () => {
          this.sessionReady = false;
          this.handlers.onDown();
          this.handlers.onStatus(socket.active ? OFFLINE_TEXT : REFUSED_TEXT);
        });
        socket.on("disconnect", (reason) => {
          this.sessionReady = false;
          this.handlers.onDown();
          this.handlers.onStatus(OFFLINE_TEXT);
          if (reason === "io server disconnect") socket.connect();
        });
      }).catch((error) => {
        this.connecting = false;
        console.error("BaclofenChat:", error.message);
        this.handlers.onStatus(OFFLINE_TEXT);
        setTimeout(() => {
          if (!this.destroyed) this.connect();
        }, 5e3);
      });
    }
    destroy() {
      this.destroyed = true;
      if (this.socket) this.socket.disconnect();
    }
  };

  // src/store.js
  var CONVERSATION_KEYS = ["session", "history", "active"];
  var LEGACY_LOCAL_KEYS = ["session", "history"];
  var RATINGS = ["up", "down"];
  function isString(value) {
    return typeof value === "string";
  }
  function isValidButton(button) {
    return Boolean(button) && isString(button.title) && isString(button.payload);
  }
  function cleanSource(source) {
    if (!source || typeof source !== "object" || !isString(source.title) || !source.title.trim()) return null;
    const clean = { title: source.title.trim().slice(0, 300), sections: [] };
    if (Number.isInteger(source.year)) clean.year = source.year;
    if (Array.isArray(source.sections)) {
      clean.sections = source.sections.filter((s) => isString(s) && s.trim()).map((s) => s.trim().slice(0, 300)).slice(0, 10);
    }
    return clean;
  }
  function cleanEntry(entry) {
    if (!entry || ["user", "bot", "intro"].indexOf(entry.from) < 0 || !isString(entry.text)) return null;
    const clean = { from: entry.from, text: entry.text };
    if (entry.buttons !== void 0) {
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
  var Store = class {
    /**
     * prefix: key prefix ("baclofen-chat" -> "baclofen-chat:history");
     * historyLimit: entries kept; sessionMinutes: idle time after which the conversation is forgotten;
     * now: clock in milliseconds (tests and callers may pass their own).
     */
    constructor(prefix, historyLimit, sessionMinutes, now = () => Date.now()) {
      this.prefix = prefix;
      this.historyLimit = historyLimit;
      this.idleLimitMs = sessionMinutes * 60 * 1e3;
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
  };

  // src/protocol.js
  var RESTART = "/restart";
  var HANDOFF = "/human_handoff";
  var ERASE = "/erase_conversation_confirmed";
  var RATING_REASONS = [
    ["wrong_topic", "Wrong topic"],
    ["unclear", "Unclear"],
    ["incomplete", "Incomplete"],
    ["other", "Other"]
  ];
  function rateAnswer(rating, response, reason) {
    if (rating !== "up" && rating !== "down") throw new Error("rating must be up or down");
    if (typeof response !== "string" || !response) throw new Error("a rating needs the response name");
    const entities = { rating, response };
    if (reason !== void 0) {
      if (rating !== "down" || !RATING_REASONS.some(([value]) => value === reason)) {
        throw new Error("unknown reason " + JSON.stringify(reason));
      }
      entities.reason = reason;
    }
    return "/rate_answer" + JSON.stringify(entities);
  }
  function readBotMessage(message) {
    if (!message || typeof message !== "object") return null;
    const text = typeof message.text === "string" ? message.text : "";
    const raw = Array.isArray(message.quick_replies) ? message.quick_replies : Array.isArray(message.buttons) ? message.buttons : [];
    const buttons = raw.filter(isValidButton).map((b) => ({ title: b.title, payload: b.payload }));
    const metadata = message.metadata && typeof message.metadata === "object" ? message.metadata : {};
    const response = typeof metadata.response === "string" && metadata.response ? metadata.response : null;
    const erased = metadata.erased === true;
    if (!text && buttons.length === 0 && !erased) return null;
    return {
      text,
      buttons,
      source: cleanSource(metadata.source),
      response,
      rateable: metadata.rateable === true && response !== null,
      erased
    };
  }

  // src/text.js
  var LINK_PATTERN = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()<>]+)\)|(https?:\/\/[^\s<>"'()]*[^\s<>"'().,;:!?])/gi;
  var NEW_TAB_TEXT = " (opens in a new tab)";
  function safeHref(candidate) {
    try {
      const url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }
  function newTabLink(href, text) {
    const link = el("a", "bcw-link", { href, target: "_blank", rel: "noopener noreferrer" });
    link.appendChild(document.createTextNode(text));
    link.appendChild(textEl("span", "bcw-visually-hidden", NEW_TAB_TEXT));
    link.appendChild(icon(ICONS.newTab, "bcw-link-icon"));
    return link;
  }
  function appendRichText(parent, text) {
    let last = 0;
    let match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(text)) !== null) {
      const href = safeHref(match[2] || match[3]);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(newTabLink(href, match[1] || match[3]));
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // src/messages.js
  var RATED_TEXT = { up: "You found this answer helpful. Thank you.", down: "You found this answer not helpful. Thank you." };
  function renderBubble(entry) {
    const className = entry.from === "user" ? "bcw-msg bcw-msg-user" : entry.from === "intro" ? "bcw-msg bcw-msg-bot bcw-msg-intro" : "bcw-msg bcw-msg-bot";
    const bubble = el("div", className);
    bubble.appendChild(textEl("span", "bcw-visually-hidden", entry.from === "user" ? "You: " : "Assistant: "));
    if (entry.from === "user") bubble.appendChild(document.createTextNode(entry.text));
    else appendRichText(bubble, entry.text);
    return bubble;
  }
  function renderSource(source) {
    const details = el("details", "bcw-source");
    details.appendChild(textEl("summary", "bcw-source-summary", "Source"));
    const body = el("div", "bcw-source-body");
    const title = el("p", "bcw-source-title");
    title.appendChild(textEl("cite", "", source.title));
    if (source.year) title.appendChild(document.createTextNode(" (" + source.year + ")"));
    body.appendChild(title);
    if (source.sections.length) {
      const list = el("ul", "bcw-source-sections", { "aria-label": "Sections" });
      for (const section of source.sections) list.appendChild(textEl("li", "", section));
      body.appendChild(list);
    }
    details.appendChild(body);
    return details;
  }
  function ratingButton(name, pathData, className) {
    const button = el("button", "bcw-rate " + className, { type: "button", "aria-label": name, title: name });
    button.appendChild(icon(pathData));
    return button;
  }
  function renderRating(entry, onRate) {
    const box = el("div", "bcw-rating");
    if (entry.rated) {
      box.appendChild(textEl("p", "bcw-rated", RATED_TEXT[entry.rated], { tabindex: "-1" }));
      return box;
    }
    const questionId = uid("rate-question");
    const group = el("div", "bcw-rate-group", { role: "group", "aria-labelledby": questionId });
    group.appendChild(textEl("span", "bcw-rate-question", "Was this helpful?", { id: questionId }));
    const up = ratingButton("Helpful", ICONS.thumbUp, "bcw-rate-up");
    const down = ratingButton("Not helpful", ICONS.thumbDown, "bcw-rate-down");
    down.setAttribute("aria-expanded", "false");
    group.appendChild(up);
    group.appendChild(down);
    box.appendChild(group);
    const reasonsId = uid("rate-reasons");
    const reasons = el("div", "bcw-rate-reasons", { id: reasonsId, role: "group", "aria-labelledby": reasonsId + "-label" });
    reasons.hidden = true;
    reasons.appendChild(textEl("span", "bcw-rate-question", "What was wrong? (optional)", { id: reasonsId + "-label" }));
    down.setAttribute("aria-controls", reasonsId);
    const choices = RATING_REASONS.map(([value, label]) => [value, textEl("button", "bcw-rate-reason", label, { type: "button" })]);
    choices.push([void 0, textEl("button", "bcw-rate-reason bcw-rate-skip", "Send without a reason", { type: "button" })]);
    for (const [, button] of choices) reasons.appendChild(button);
    box.appendChild(reasons);
    const done = (rating, reason) => {
      onRate(rating, reason);
      const rated = textEl("p", "bcw-rated", RATED_TEXT[rating], { tabindex: "-1" });
      box.replaceChildren(rated);
      rated.focus();
    };
    up.addEventListener("click", () => done("up"));
    down.addEventListener("click", () => {
      const opening = reasons.hidden;
      reasons.hidden = !opening;
      down.setAttribute("aria-expanded", String(opening));
      if (opening) choices[0][1].focus();
    });
    for (const [value, button] of choices) button.addEventListener("click", () => done("down", value));
    return box;
  }
  function renderEntry(entry, onRate) {
    const node = el("div", "bcw-entry bcw-entry-" + (entry.from === "user" ? "user" : "bot"));
    const bubble = renderBubble(entry);
    node.appendChild(bubble);
    if (entry.source) node.appendChild(renderSource(entry.source));
    if (entry.rateable) node.appendChild(renderRating(entry, (rating, reason) => onRate(entry, rating, reason)));
    return { node, bubble };
  }
  function renderQuickReplies(buttons, onChoose) {
    const group = el("div", "bcw-quick-replies", { role: "group", "aria-label": "Suggested questions" });
    for (const button of buttons) {
      const choice = textEl("button", "bcw-quick-reply", button.title, { type: "button" });
      choice.addEventListener("click", () => onChoose(button));
      group.appendChild(choice);
    }
    return group;
  }

  // src/privacy.js
  function plural(count, unit) {
    return count + " " + unit + (count === 1 ? "" : "s");
  }
  function privacyText(retentionDays, sessionMinutes) {
    return "This chat is kept on our server for " + plural(retentionDays, "day") + " after your last message, and in this browser tab until you close it or after " + plural(sessionMinutes, "minute") + " without a message.";
  }
  function buildPrivacyNotice(config) {
    const node = el("div", "bcw-privacy");
    node.appendChild(textEl("p", "bcw-privacy-text", privacyText(config.retentionDays, config.sessionMinutes)));
    const deleteButton = textEl("button", "bcw-link-button bcw-delete", "Delete my conversation", { type: "button" });
    node.appendChild(deleteButton);
    return { node, deleteButton };
  }
  function buildEraseConfirmation() {
    const titleId = uid("erase-title"), textId = uid("erase-text");
    const backdrop = el("div", "bcw-confirm-backdrop");
    backdrop.hidden = true;
    const node = el("div", "bcw-confirm", {
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": titleId,
      "aria-describedby": textId
    });
    node.appendChild(textEl("h3", "bcw-confirm-title", "Delete this conversation?", { id: titleId }));
    node.appendChild(textEl(
      "p",
      "bcw-confirm-text",
      "Your messages and the replies will be deleted from our server and from this browser. This cannot be undone.",
      { id: textId }
    ));
    const actions = el("div", "bcw-confirm-actions");
    const cancelButton = textEl("button", "bcw-confirm-cancel", "Cancel", { type: "button" });
    const confirmButton = textEl("button", "bcw-confirm-delete", "Delete", { type: "button" });
    actions.appendChild(cancelButton);
    actions.appendChild(confirmButton);
    node.appendChild(actions);
    backdrop.appendChild(node);
    return { node: backdrop, dialog: node, confirmButton, cancelButton };
  }

  // src/staff-debug.js
  var SILENT_ACTIONS = ["action_listen", "action_session_start"];
  var FIRST_DELAY_MS = 400;
  var RETRY_DELAY_MS = 500;
  var ATTEMPTS = 6;
  var STAFF_TEXT = {
    off: "Debug off: enter the staff token.",
    on: "Debug on: each reply shows what the bot understood.",
    refused: "Staff token refused",
    notEnabled: "Debug API not enabled on the server",
    unreachable: "Debug API unreachable; will try again after the next reply.",
    notFound: "No debug data found for the last reply."
  };
  function trackerTurns(events) {
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
          complete: false
        });
      } else if (turn && event.event === "action" && typeof event.name === "string") {
        if (event.name === "action_listen") turn.complete = true;
        else if (SILENT_ACTIONS.indexOf(event.name) < 0) turn.actions.push(event.name);
      }
    }
    return turns;
  }
  function findTurn(events, sentText) {
    const turns = trackerTurns(events);
    for (let i = turns.length - 1; i >= 0; i -= 1) {
      if (turns[i].text === sentText) return turns[i].complete ? turns[i] : null;
    }
    return null;
  }
  function debugSummary(turn) {
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
      "actions " + (turn.actions.length ? turn.actions.join(", ") : "none")
    ].join(" · ");
  }
  function buildStaffPanel() {
    const inputId = uid("staff-token");
    const form = el("form", "bcw-staff", { novalidate: "", "aria-label": "Staff debug" });
    const label = textEl("label", "bcw-staff-label", "Staff token", { for: inputId });
    const input = el("input", "bcw-staff-input", {
      id: inputId,
      type: "password",
      autocomplete: "off",
      spellcheck: "false"
    });
    const use = textEl("button", "bcw-staff-button", "Use", { type: "submit" });
    const forget = textEl("button", "bcw-staff-button", "Forget", { type: "button" });
    const status = el("p", "bcw-staff-status", { role: "status" });
    for (const node of [label, input, use, forget, status]) form.appendChild(node);
    return { form, input, forget, status };
  }
  var StaffDebug = class {
    /** config: the widget's; store: its Store; onLine(): called after a debug line is added. */
    constructor(config, store, onLine) {
      this.config = config;
      this.store = store;
      this.onLine = onLine;
      this.turn = null;
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
        nodes.input.value = "";
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
      this.turn = { text, bubble: null };
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
      const url = this.config.server + "/conversations/" + encodeURIComponent(sessionId) + "/tracker?token=" + encodeURIComponent(token);
      fetch(url, { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" }).then((response) => {
        if (response.status === 401 || response.status === 403) {
          this.stop(STAFF_TEXT.refused);
          this.store.setStaffToken(null);
          return null;
        }
        if (response.status === 404 || response.status === 405) {
          this.stop(STAFF_TEXT.notEnabled);
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      }).then((tracker) => {
        if (!tracker || this.destroyed || this.stopped) return;
        const found = findTurn(tracker.events, turn.text);
        if (found) this.renderLine(turn.bubble, debugSummary(found));
        else if (attemptsLeft > 1) this.timer = setTimeout(() => this.fetch(turn, attemptsLeft - 1), RETRY_DELAY_MS);
        else this.setStatus(STAFF_TEXT.notFound);
      }).catch(() => {
        if (!this.destroyed) this.explainUnreadableAnswer();
      });
    }
    explainUnreadableAnswer() {
      fetch(this.config.server + "/", { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" }).then((response) => {
        if (this.destroyed || this.stopped) return;
        if (response.ok) {
          this.stop(STAFF_TEXT.refused);
          this.store.setStaffToken(null);
        } else this.setStatus(STAFF_TEXT.unreachable);
      }).catch(() => {
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
  };

  // src/chat-widget.js
  var DISCLAIMER = "General information only, not medical advice. In an emergency call your local emergency number.";
  var GREETING = "Hello! I'm an automated assistant. I answer general questions about baclofen: what it is, how it works, what it is used for, how it is given, its common side effects, driving, and why it must not be stopped suddenly. I can't advise on your own dose or treatment.";
  var STALLED_TEXT = "No answer yet: the connection may be slow or lost. Please wait, or reload the page and ask again.";
  var FULL_SCREEN_QUERY = "(max-width: 480px), (max-height: 520px)";
  var TOUCH_QUERY = "(pointer: coarse)";
  function matches(query) {
    return typeof window.matchMedia === "function" && window.matchMedia(query).matches;
  }
  function plural2(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }
  function buildLauncher(config, panelId) {
    const launcher = el("button", "bcw-launcher", {
      type: "button",
      "aria-controls": panelId,
      "aria-expanded": "false"
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
      id: inputId,
      type: "text",
      maxlength: String(config.maxLength),
      autocomplete: "off",
      "aria-describedby": counterId + " " + hintId + " " + cutId,
      placeholder: "Ask about baclofen…"
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
  var ChatWidget = class {
    /** config: from normaliseConfig(); assetUrl(path): a URL next to widget.js. */
    constructor(config, assetUrl2) {
      this.config = config;
      this.assetUrl = assetUrl2;
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
      this.connection = new Connection(config, this.store, assetUrl2(config.socketIoSrc), {
        onMessage: (message) => this.receive(message),
        onSent: (text) => {
          if (this.staff) this.staff.sent(text);
          this.setTyping(true);
        },
        onStatus: (text) => this.setStatus(text),
        onDown: () => this.setTyping(false)
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
      const root = el("div", "bcw-root", { lang: "en", dir: "ltr" });
      root.hidden = true;
      for (const [name, value] of Object.entries(colourVariables(config.primaryColor))) root.style.setProperty(name, value);
      const launcher = buildLauncher(config, panelId);
      const panel = el("div", "bcw-panel", {
        id: panelId,
        role: "dialog",
        "aria-labelledby": titleId,
        "aria-modal": "false",
        tabindex: "-1"
      });
      panel.hidden = true;
      const header = buildHeader(config, titleId);
      const disclaimer = textEl("p", "bcw-disclaimer", DISCLAIMER);
      const toolbar = buildToolbar();
      const status = el("div", "bcw-status", { role: "status" });
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
        root,
        panel,
        status,
        log,
        typing,
        launcher: launcher.launcher,
        badge: launcher.badge,
        closeButton: header.closeButton,
        contact: toolbar.contact,
        restart: toolbar.restart,
        form: form.form,
        input: form.input,
        counter: form.counter,
        cut: form.cut,
        deleteButton: privacy.deleteButton,
        confirm
      };
      this.setStatus(null);
      this.updateCounter();
      this.updateLauncher();
      this.bindEvents();
      loadStylesheet(this.assetUrl(config.cssSrc)).then(() => {
        if (this.destroyed) return;
        root.hidden = false;
        this.styled = true;
        this.scrollToEnd();
      });
    }
    bindEvents() {
      const nodes = this.nodes;
      nodes.launcher.addEventListener("click", () => this.isOpen() ? this.close() : this.open({ focus: true }));
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
      if (!open && this.unread > 0) label += ", " + plural2(this.unread, "new reply", "new replies");
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
      const text = "Messages can be at most " + this.config.maxLength + " characters: the last " + plural2(left, "character was", "characters were") + " left out.";
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
          this.nodes.typing.hidden = true;
          this.setStatus(STALLED_TEXT);
        }, this.config.replyTimeoutSeconds * 1e3);
      }
      this.scrollToEnd();
    }
    /** Sends `message` to the bot; `shownAs` is what the user bubble shows (a button's title). */
    sendText(message, shownAs) {
      let text = String(message || "").trim();
      if (!text) return;
      if (text.length > this.config.maxLength && shownAs === void 0) text = text.slice(0, this.config.maxLength);
      this.addEntry({ from: "user", text: shownAs === void 0 ? text : String(shownAs) });
      if (shownAs === void 0) {
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
  };

  // src/config.js
  var DEFAULTS = Object.freeze({
    server: "http://localhost:5005",
    title: "Baclofen assistant",
    primaryColor: "#0b5cab",
    open: false,
    socketPath: "/socket.io/",
    token: "",
    maxLength: 500,
    historyLimit: 60,
    storageKey: "baclofen-chat",
    socketIoSrc: "vendor/socket.io.min.js",
    cssSrc: "widget.css",
    metadata: {},
    staff: false,
    // How long the server keeps a conversation after its last message: the days given to
    // scripts/retention.py (the README and deploy/README.md run it with --days 90). Shown in the
    // privacy notice, so set it to what your deployment really does.
    retentionDays: 90,
    // Rasa's session_config.session_expiration_time in domain.yml (minutes): after this long
    // without a message the tab forgets the conversation, as Rasa starts a new session then.
    sessionMinutes: 60,
    // Seconds without a reply before the typing dots give way to a "no answer yet" status.
    replyTimeoutSeconds: 20
  });
  var DATA_ATTRIBUTES = {
    server: "server",
    title: "title",
    primaryColor: "primaryColor",
    open: "open",
    socketPath: "socketPath",
    token: "token",
    maxLength: "maxLength",
    storageKey: "storageKey",
    socketIoSrc: "socketioSrc",
    cssSrc: "cssSrc",
    staff: "staff",
    retentionDays: "retentionDays",
    sessionMinutes: "sessionMinutes",
    replyTimeoutSeconds: "replyTimeoutSeconds"
  };
  function readDataAttributes(script) {
    if (!script) return {};
    const options = {};
    for (const [key, name] of Object.entries(DATA_ATTRIBUTES)) {
      if (script.dataset[name] !== void 0) options[key] = script.dataset[name];
    }
    return options;
  }
  function parseBoolean(value) {
    if (typeof value === "boolean") return value;
    return /^(true|1|yes|open)$/i.test(String(value).trim());
  }
  function isHexColour(value) {
    return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(String(value));
  }
  function boundedInteger(value, min, max, fallback) {
    const number = Number(value);
    return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
  }
  function pageAsksForStaffMode() {
    try {
      return new URLSearchParams(window.location.search).get("staff") === "1";
    } catch (error) {
      return false;
    }
  }
  function normaliseConfig(options) {
    const config = Object.assign({}, DEFAULTS, options || {});
    let server;
    try {
      server = new URL(String(config.server), document.baseURI);
    } catch (error) {
      server = null;
    }
    if (!server || server.protocol !== "http:" && server.protocol !== "https:") {
      throw new Error("BaclofenChat: server must be an http(s) URL, got " + JSON.stringify(config.server));
    }
    config.server = server.origin;
    if (!isHexColour(config.primaryColor)) {
      console.warn("BaclofenChat: primaryColor must be #rgb or #rrggbb; using the default.");
      config.primaryColor = DEFAULTS.primaryColor;
    }
    config.open = parseBoolean(config.open);
    config.maxLength = boundedInteger(config.maxLength, 1, 5e3, DEFAULTS.maxLength);
    config.historyLimit = boundedInteger(config.historyLimit, 1, 500, DEFAULTS.historyLimit);
    config.retentionDays = boundedInteger(config.retentionDays, 1, 3650, DEFAULTS.retentionDays);
    config.sessionMinutes = boundedInteger(config.sessionMinutes, 1, 7 * 24 * 60, DEFAULTS.sessionMinutes);
    config.replyTimeoutSeconds = boundedInteger(config.replyTimeoutSeconds, 1, 600, DEFAULTS.replyTimeoutSeconds);
    config.socketPath = String(config.socketPath || DEFAULTS.socketPath);
    if (config.socketPath.charAt(0) !== "/") config.socketPath = "/" + config.socketPath;
    config.title = String(config.title || DEFAULTS.title);
    config.token = config.token ? String(config.token) : "";
    config.storageKey = String(config.storageKey || DEFAULTS.storageKey);
    config.staff = parseBoolean(config.staff) || pageAsksForStaffMode();
    config.metadata = config.metadata && typeof config.metadata === "object" ? config.metadata : {};
    return config;
  }

  // src/index.js
  var ownScript = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var ownScriptUrl = ownScript && ownScript.src ? ownScript.src : document.baseURI;
  var assetUrl = (path) => new URL(path, ownScriptUrl).href;
  var current = null;
  var pendingConfig = null;
  function whenBodyReady(callback) {
    if (document.body) callback();
    else document.addEventListener("DOMContentLoaded", callback, { once: true });
  }
  var api = {
    /** Creates the widget (replacing one made before) from data-attributes overlaid with `options`. */
    init(options) {
      const config = normaliseConfig(Object.assign(readDataAttributes(ownScript), options || {}));
      if (current) current.destroy();
      current = null;
      const alreadyWaiting = pendingConfig !== null;
      pendingConfig = config;
      if (!alreadyWaiting) {
        whenBodyReady(() => {
          current = new ChatWidget(pendingConfig, assetUrl);
          pendingConfig = null;
        });
      }
      return api;
    },
    open() {
      if (current) current.open({ focus: true });
    },
    close() {
      if (current) current.close();
    },
    destroy() {
      if (current) current.destroy();
      current = null;
    },
    version: "2.0.0"
  };
  window.BaclofenChat = api;
  if (ownScript && ownScript.dataset.server) {
    try {
      api.init();
    } catch (error) {
      console.error(error.message);
    }
  }
})();

/*
 * Chat widget for the baclofen assistant: a launcher button and a chat panel that talk to
 * Rasa's socketio channel. Plain JS, no framework, no inline styles or scripts (so sites can
 * keep a strict Content-Security-Policy).
 *
 * Safety rule: message text only ever reaches the page through textContent; links are built
 * as <a> nodes from http(s) URLs. Nothing a user or the server sends is parsed as HTML.
 *
 * Embed:  <script src="/widget.js" data-server="https://bot.example.org"></script>
 * or call window.BaclofenChat.init({server: "...", ...}) from your own script.
 */
(function () {
  "use strict";

  var ownScript = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var ownScriptUrl = ownScript && ownScript.src ? ownScript.src : document.baseURI;

  var DISCLAIMER =
    "General information only, not medical advice. In an emergency call your local emergency number.";
  var GREETING =
    "Hello! I'm an automated assistant. I answer general questions about baclofen: what it is, " +
    "how it works, what it is used for, how it is given, its common side effects, driving, and " +
    "why it must not be stopped suddenly. I can't advise on your own dose or treatment.";
  var OFFLINE_TEXT = "Can't reach the assistant. Retrying\u2026";
  var REFUSED_TEXT = "The assistant refused the connection. Please reload the page later.";

  var DEFAULTS = {
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
  };
  var TYPING_TIMEOUT_MS = 20000;

  // ---------------------------------------------------------------- configuration

  function readDataAttributes(script) {
    if (!script) return {};
    var d = script.dataset;
    var options = {};
    var names = {
      server: "server", title: "title", primaryColor: "primaryColor", open: "open",
      socketPath: "socketPath", token: "token", maxLength: "maxLength",
      storageKey: "storageKey", socketIoSrc: "socketioSrc", cssSrc: "cssSrc", staff: "staff",
    };
    Object.keys(names).forEach(function (key) {
      if (d[names[key]] !== undefined) options[key] = d[names[key]];
    });
    return options;
  }

  function parseBoolean(value) {
    if (typeof value === "boolean") return value;
    return /^(true|1|yes|open)$/i.test(String(value).trim());
  }

  function isHexColour(value) {
    return /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(String(value));
  }

  /** `?staff=1` in the page's own URL shows the staff token field (nothing more: no token, no debug). */
  function pageAsksForStaffMode() {
    try {
      return new URLSearchParams(window.location.search).get("staff") === "1";
    } catch (error) {
      return false;
    }
  }

  /** Merges options over the defaults; a bad value is reported and replaced, never fatal. */
  function normaliseConfig(options) {
    var config = Object.assign({}, DEFAULTS, options || {});
    var server;
    try {
      server = new URL(String(config.server), document.baseURI);
    } catch (error) {
      server = null;
    }
    if (!server || (server.protocol !== "http:" && server.protocol !== "https:")) {
      throw new Error("BaclofenChat: server must be an http(s) URL, got " + JSON.stringify(config.server));
    }
    config.server = server.origin;
    if (!isHexColour(config.primaryColor)) {
      console.warn("BaclofenChat: primaryColor must be #rgb or #rrggbb; using the default.");
      config.primaryColor = DEFAULTS.primaryColor;
    }
    config.open = parseBoolean(config.open);
    var maxLength = parseInt(config.maxLength, 10);
    config.maxLength = maxLength > 0 && maxLength <= 5000 ? maxLength : DEFAULTS.maxLength;
    var historyLimit = parseInt(config.historyLimit, 10);
    config.historyLimit = historyLimit > 0 && historyLimit <= 500 ? historyLimit : DEFAULTS.historyLimit;
    config.socketPath = String(config.socketPath || DEFAULTS.socketPath);
    if (config.socketPath.charAt(0) !== "/") config.socketPath = "/" + config.socketPath;
    config.title = String(config.title || DEFAULTS.title);
    config.token = config.token ? String(config.token) : "";
    config.storageKey = String(config.storageKey || DEFAULTS.storageKey);
    config.staff = parseBoolean(config.staff) || pageAsksForStaffMode();
    return config;
  }

  // ---------------------------------------------------------------- colours (WCAG contrast)

  function luminance(hex) {
    var h = hex.length === 4 ? "#" + hex[1] + hex[1] + hex[2] + hex[2] + hex[3] + hex[3] : hex;
    var channels = [1, 3, 5].map(function (i) {
      var c = parseInt(h.substr(i, 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /** Site owners pick any primary colour; text on it and accents stay readable (AA, 4.5:1). */
  function colourVariables(primary) {
    var onPrimary = contrast(primary, "#ffffff") >= contrast(primary, "#111111") ? "#ffffff" : "#111111";
    // Links and suggestion buttons use the primary colour only where it is dark enough to read
    // on the bot bubble (#eef1f4, the lighter of the two backgrounds it sits on is white).
    var accent = contrast(primary, "#eef1f4") >= 4.5 ? primary : "#0b4f94";
    return { "--bcw-primary": primary, "--bcw-on-primary": onPrimary, "--bcw-accent": accent };
  }

  // ---------------------------------------------------------------- storage

  /** localStorage that never throws (private modes, full quota, blocked cookies). */
  function Store(prefix, historyLimit) {
    this.prefix = prefix;
    this.historyLimit = historyLimit;
  }
  Store.prototype.get = function (area, key) {
    try { return window[area].getItem(this.prefix + ":" + key); } catch (error) { return null; }
  };
  Store.prototype.set = function (area, key, value) {
    try {
      if (value === null) window[area].removeItem(this.prefix + ":" + key);
      else window[area].setItem(this.prefix + ":" + key, value);
    } catch (error) { /* storage unavailable: the chat still works for this page view */ }
  };
  Store.prototype.sessionId = function () { return this.get("localStorage", "session"); };
  Store.prototype.setSessionId = function (id) { this.set("localStorage", "session", id); };
  Store.prototype.wasOpen = function () {
    var value = this.get("sessionStorage", "open");
    return value === null ? null : value === "1";
  };
  Store.prototype.setOpen = function (open) { this.set("sessionStorage", "open", open ? "1" : "0"); };
  // The staff token lives for this tab only: sessionStorage, never localStorage or the URL.
  Store.prototype.staffToken = function () { return this.get("sessionStorage", "staff-token"); };
  Store.prototype.setStaffToken = function (token) { this.set("sessionStorage", "staff-token", token || null); };
  Store.prototype.history = function () {
    var raw = this.get("localStorage", "history");
    if (!raw) return [];
    try {
      var entries = JSON.parse(raw);
      return Array.isArray(entries) ? entries.filter(isValidEntry).slice(-this.historyLimit) : [];
    } catch (error) {
      return [];
    }
  };
  Store.prototype.saveHistory = function (entries) {
    this.set("localStorage", "history", JSON.stringify(entries.slice(-this.historyLimit)));
  };

  function isValidButton(button) {
    return button && typeof button.title === "string" && typeof button.payload === "string";
  }

  function isValidEntry(entry) {
    return entry && ["user", "bot", "intro"].indexOf(entry.from) >= 0 && typeof entry.text === "string" &&
      (entry.buttons === undefined || (Array.isArray(entry.buttons) && entry.buttons.every(isValidButton)));
  }

  // ---------------------------------------------------------------- safe text rendering

  // [title](http...) markdown links, or bare http(s) URLs without trailing punctuation.
  var LINK_PATTERN = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()<>]+)\)|(https?:\/\/[^\s<>"'()]*[^\s<>"'().,;:!?])/gi;

  function safeHref(candidate) {
    try {
      var url = new URL(candidate);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  /** Appends text to parent as text nodes, turning http(s) links into safe <a> nodes. */
  function appendRichText(parent, text) {
    var last = 0;
    var match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(text)) !== null) {
      var href = safeHref(match[2] || match[3]);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = document.createElement("a");
      link.href = href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = match[1] || match[3];
      parent.appendChild(link);
      last = match.index + match[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- loading assets

  function assetUrl(path) {
    return new URL(path, ownScriptUrl).href;
  }

  function loadStylesheet(href) {
    return new Promise(function (resolve) {
      var existing = document.querySelector('link[data-bcw-css]');
      if (existing) return resolve();
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.setAttribute("data-bcw-css", "");
      link.onload = link.onerror = function () { resolve(); };
      document.head.appendChild(link);
    });
  }

  var socketIoPromise = null;
  function loadSocketIo(src) {
    if (window.io) return Promise.resolve(window.io);
    if (!socketIoPromise) {
      socketIoPromise = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.async = true;
        script.onload = function () {
          window.io ? resolve(window.io) : reject(new Error("socket.io client did not load"));
        };
        script.onerror = function () {
          socketIoPromise = null;
          reject(new Error("could not load the socket.io client from " + src));
        };
        document.head.appendChild(script);
      });
    }
    return socketIoPromise;
  }

  // ---------------------------------------------------------------- DOM helpers

  var idCounter = 0;
  function uid(name) { idCounter += 1; return "bcw-" + name + "-" + idCounter; }

  function el(tag, className, attributes) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function icon(pathData) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }
  var CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var CLOSE_ICON = "M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z";

  // ---------------------------------------------------------------- staff debug mode (pure parts)

  // Rasa's bookkeeping actions say nothing about how the bot answered (as in staff/turns.py).
  var SILENT_ACTIONS = ["action_listen", "action_session_start"];
  var DEBUG_FIRST_DELAY_MS = 400;  // the bot's messages of one turn arrive in a burst
  var DEBUG_RETRY_DELAY_MS = 500;  // Rasa saves the tracker a moment after the last reply
  var DEBUG_ATTEMPTS = 6;
  var STAFF_TEXT = {
    off: "Debug off: enter the staff token.",
    on: "Debug on: each reply shows what the bot understood.",
    refused: "Staff token refused",
    notEnabled: "Debug API not enabled on the server",
    unreachable: "Debug API unreachable; will try again after the next reply.",
    notFound: "No debug data found for the last reply.",
  };

  /** User turns rebuilt from tracker events: text, intent, confidence, entities, actions. */
  function trackerTurns(events) {
    var turns = [];
    (Array.isArray(events) ? events : []).forEach(function (event) {
      if (!event || typeof event !== "object") return;
      var turn = turns[turns.length - 1];
      if (event.event === "user") {
        var parse = event.parse_data && typeof event.parse_data === "object" ? event.parse_data : {};
        var intent = parse.intent && typeof parse.intent === "object" ? parse.intent : {};
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
    });
    return turns;
  }

  /** The newest finished turn for the message the widget sent, or null while Rasa is still busy. */
  function findTurn(events, sentText) {
    var turns = trackerTurns(events);
    for (var i = turns.length - 1; i >= 0; i -= 1) {
      if (turns[i].text === sentText) return turns[i].complete ? turns[i] : null;
    }
    return null;
  }

  /** "intent ask_what_is 0.97 · entities none · actions utter_what_is, action_add_disclaimer" */
  function debugSummary(turn) {
    var entities = [];
    turn.entities.forEach(function (entity) {
      if (!entity || typeof entity.entity !== "string") return;
      var pair = entity.entity + "=" + (typeof entity.value === "object" ? JSON.stringify(entity.value) : String(entity.value));
      if (entities.indexOf(pair) < 0) entities.push(pair);
    });
    return [
      "intent " + (turn.intent || "(none)") + " " + (turn.confidence === null ? "?" : turn.confidence.toFixed(2)),
      "entities " + (entities.length ? entities.join(", ") : "none"),
      "actions " + (turn.actions.length ? turn.actions.join(", ") : "none"),
    ].join(" \u00b7 ");
  }

  function buildStaffPanel() {
    var inputId = uid("staff-token");
    var form = el("form", "bcw-staff", { novalidate: "", "aria-label": "Staff debug" });
    var label = el("label", "bcw-staff-label", { for: inputId });
    label.textContent = "Staff token";
    // autocomplete=off and no name: browsers should not offer to save it.
    var input = el("input", "bcw-staff-input", {
      id: inputId, type: "password", autocomplete: "off", spellcheck: "false",
    });
    var use = el("button", "bcw-staff-button", { type: "submit" });
    use.textContent = "Use";
    var forget = el("button", "bcw-staff-button", { type: "button" });
    forget.textContent = "Forget";
    var status = el("p", "bcw-staff-status", { role: "status" });
    [label, input, use, forget, status].forEach(function (node) { form.appendChild(node); });
    return { form: form, input: input, forget: forget, status: status };
  }

  // ---------------------------------------------------------------- the widget

  function ChatWidget(config) {
    this.config = config;
    this.store = new Store(config.storageKey, config.historyLimit);
    this.history = this.store.history();
    this.queue = [];
    this.socket = null;
    this.sessionReady = false;
    this.typingTimer = null;
    this.build();
    this.renderHistory();
    var remembered = this.store.wasOpen();
    if (remembered === null ? config.open : remembered) this.open({ focus: false });
  }

  function buildLauncher(config, panelId) {
    var launcher = el("button", "bcw-launcher", {
      type: "button", "aria-controls": panelId, "aria-expanded": "false",
      "aria-label": "Open chat: " + config.title,
    });
    var chatIcon = icon(CHAT_ICON), closeIcon = icon(CLOSE_ICON);
    chatIcon.classList.add("bcw-icon-chat");
    closeIcon.classList.add("bcw-icon-close");
    launcher.appendChild(chatIcon);
    launcher.appendChild(closeIcon);
    return launcher;
  }

  function buildHeader(config, titleId) {
    var header = el("div", "bcw-header");
    var title = el("h2", "bcw-title", { id: titleId });
    title.textContent = config.title;
    var closeButton = el("button", "bcw-close", { type: "button", "aria-label": "Close chat" });
    closeButton.appendChild(icon(CLOSE_ICON));
    header.appendChild(title);
    header.appendChild(closeButton);
    return { header: header, closeButton: closeButton };
  }

  function buildForm(config) {
    var inputId = uid("input"), counterId = uid("counter"), hintId = uid("hint");
    var form = el("form", "bcw-form", { novalidate: "" });
    var label = el("label", "bcw-visually-hidden", { for: inputId });
    label.textContent = "Your question about baclofen";
    var input = el("input", "bcw-input", {
      id: inputId, type: "text", maxlength: String(config.maxLength), autocomplete: "off",
      "aria-describedby": counterId + " " + hintId, placeholder: "Ask about baclofen\u2026",
    });
    var send = el("button", "bcw-send", { type: "submit" });
    send.textContent = "Send";
    var meta = el("div", "bcw-meta");
    var hint = el("span", "bcw-visually-hidden", { id: hintId });
    hint.textContent = "Up to " + config.maxLength + " characters.";
    var counter = el("span", "bcw-counter", { id: counterId });
    meta.appendChild(hint);
    meta.appendChild(counter);
    [label, input, send, meta].forEach(function (node) { form.appendChild(node); });
    return { form: form, input: input, counter: counter };
  }

  ChatWidget.prototype.build = function () {
    var config = this.config;
    var panelId = uid("panel"), titleId = uid("title");

    var root = el("div", "bcw-root");
    root.hidden = true; // shown once the stylesheet has loaded, so it never flashes unstyled
    var colours = colourVariables(config.primaryColor);
    Object.keys(colours).forEach(function (name) { root.style.setProperty(name, colours[name]); });

    var launcher = buildLauncher(config, panelId);
    var panel = el("div", "bcw-panel", { id: panelId, role: "dialog", "aria-labelledby": titleId, "aria-modal": "false" });
    panel.hidden = true;
    var header = buildHeader(config, titleId);
    var disclaimer = el("p", "bcw-disclaimer");
    disclaimer.textContent = DISCLAIMER;
    // Always in the page (it collapses when empty): a live region that appears together with
    // its text is often not announced.
    var status = el("div", "bcw-status", { role: "status" });
    // The log is not itself live: the announcer below reads out bot messages only, so screen
    // reader users do not hear their own messages echoed back.
    var log = el("div", "bcw-log", { role: "log", "aria-label": "Conversation", "aria-live": "off", tabindex: "0" });
    var typing = el("div", "bcw-typing", { "aria-hidden": "true" });
    typing.hidden = true;
    for (var i = 0; i < 3; i += 1) typing.appendChild(el("span", "bcw-dot"));
    var announcer = el("div", "bcw-visually-hidden bcw-announcer", { "aria-live": "polite" });
    var form = buildForm(config);
    // Staff debug mode only: the token field sits below the message box.
    var staff = config.staff ? buildStaffPanel() : null;

    [header.header, disclaimer, status, log, typing, announcer, form.form].forEach(function (node) {
      panel.appendChild(node);
    });
    if (staff) panel.appendChild(staff.form);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    this.nodes = {
      root: root, launcher: launcher, panel: panel, closeButton: header.closeButton, status: status,
      log: log, typing: typing, announcer: announcer, form: form.form, input: form.input, counter: form.counter,
      staff: staff,
    };
    this.setStatus(null);
    this.updateCounter();
    this.bindEvents();
    loadStylesheet(assetUrl(config.cssSrc)).then(function () { root.hidden = false; });
  };

  ChatWidget.prototype.bindEvents = function () {
    var self = this, nodes = this.nodes;
    nodes.launcher.addEventListener("click", function () {
      self.isOpen() ? self.close() : self.open({ focus: true });
    });
    nodes.closeButton.addEventListener("click", function () { self.close(); });
    nodes.root.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.isOpen()) { event.preventDefault(); self.close(); }
    });
    nodes.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.sendText(nodes.input.value);
    });
    nodes.input.addEventListener("input", function () { self.updateCounter(); });
    if (nodes.staff) this.bindStaffEvents();
  };

  ChatWidget.prototype.isOpen = function () { return !this.nodes.panel.hidden; };

  ChatWidget.prototype.open = function (options) {
    var nodes = this.nodes;
    nodes.panel.hidden = false;
    nodes.root.classList.add("bcw-is-open");
    nodes.launcher.setAttribute("aria-expanded", "true");
    nodes.launcher.setAttribute("aria-label", "Close chat: " + this.config.title);
    this.store.setOpen(true);
    if (this.history.length === 0) this.addEntry({ from: "intro", text: GREETING });
    this.scrollToEnd();
    this.connect();
    if (options && options.focus) nodes.input.focus();
  };

  ChatWidget.prototype.close = function () {
    var nodes = this.nodes;
    nodes.panel.hidden = true;
    nodes.root.classList.remove("bcw-is-open");
    nodes.launcher.setAttribute("aria-expanded", "false");
    nodes.launcher.setAttribute("aria-label", "Open chat: " + this.config.title);
    this.store.setOpen(false);
    nodes.launcher.focus();
  };

  ChatWidget.prototype.updateCounter = function () {
    var length = this.nodes.input.value.length;
    var max = this.config.maxLength;
    this.nodes.counter.textContent = length + "/" + max;
    this.nodes.counter.classList.toggle("bcw-counter-full", length >= max);
  };

  ChatWidget.prototype.setStatus = function (text) {
    this.nodes.status.textContent = text || "";
    this.nodes.root.classList.toggle("bcw-is-offline", Boolean(text));
  };

  // ---- messages

  ChatWidget.prototype.renderEntry = function (entry) {
    var className = entry.from === "user" ? "bcw-msg bcw-msg-user" :
      entry.from === "intro" ? "bcw-msg bcw-msg-bot bcw-msg-intro" : "bcw-msg bcw-msg-bot";
    var bubble = el("div", className);
    var who = el("span", "bcw-visually-hidden");
    who.textContent = entry.from === "user" ? "You: " : "Assistant: ";
    bubble.appendChild(who);
    if (entry.from === "user") bubble.appendChild(document.createTextNode(entry.text));
    else appendRichText(bubble, entry.text);
    this.nodes.log.appendChild(bubble);
    return bubble;
  };

  ChatWidget.prototype.renderQuickReplies = function (buttons) {
    this.removeQuickReplies();
    if (!buttons || buttons.length === 0) return;
    var self = this;
    var group = el("div", "bcw-quick-replies", { role: "group", "aria-label": "Suggested questions" });
    buttons.forEach(function (button) {
      var choice = el("button", "bcw-quick-reply", { type: "button" });
      choice.textContent = button.title;
      choice.addEventListener("click", function () {
        self.sendText(button.payload, button.title);
        self.nodes.input.focus();
      });
      group.appendChild(choice);
    });
    this.nodes.log.appendChild(group);
  };

  ChatWidget.prototype.removeQuickReplies = function () {
    var old = this.nodes.log.querySelectorAll(".bcw-quick-replies");
    Array.prototype.forEach.call(old, function (node) { node.remove(); });
  };

  ChatWidget.prototype.renderHistory = function () {
    var self = this;
    this.history.forEach(function (entry) { self.renderEntry(entry); });
    var last = this.history[this.history.length - 1];
    if (last && last.from === "bot") this.renderQuickReplies(last.buttons);
  };

  ChatWidget.prototype.addEntry = function (entry) {
    this.history.push(entry);
    if (this.history.length > this.config.historyLimit) {
      this.history = this.history.slice(-this.config.historyLimit);
      var bubbles = this.nodes.log.querySelectorAll(".bcw-msg");
      if (bubbles.length >= this.config.historyLimit) {
        var debugLine = bubbles[0].nextElementSibling;
        if (debugLine && debugLine.classList.contains("bcw-debug")) debugLine.remove();
        bubbles[0].remove();
      }
    }
    this.store.saveHistory(this.history);
    this.removeQuickReplies();
    var bubble = this.renderEntry(entry);
    if (entry.from === "bot") this.renderQuickReplies(entry.buttons);
    this.scrollToEnd();
    return bubble;
  };

  ChatWidget.prototype.scrollToEnd = function () {
    var log = this.nodes.log;
    log.scrollTop = log.scrollHeight;
  };

  ChatWidget.prototype.announce = function (text) {
    var line = el("p");
    line.textContent = text;
    var announcer = this.nodes.announcer;
    announcer.appendChild(line);
    while (announcer.childNodes.length > 5) announcer.removeChild(announcer.firstChild);
  };

  ChatWidget.prototype.setTyping = function (on) {
    var self = this;
    clearTimeout(this.typingTimer);
    this.nodes.typing.hidden = !on;
    if (on) this.typingTimer = setTimeout(function () { self.setTyping(false); }, TYPING_TIMEOUT_MS);
    this.scrollToEnd();
  };

  /** Sends `message` to the bot; `shownAs` is what the user bubble shows (a button's title). */
  ChatWidget.prototype.sendText = function (message, shownAs) {
    var text = String(message || "").trim();
    if (!text) return;
    if (text.length > this.config.maxLength && shownAs === undefined) text = text.slice(0, this.config.maxLength);
    this.addEntry({ from: "user", text: shownAs === undefined ? text : String(shownAs) });
    if (shownAs === undefined) {
      this.nodes.input.value = "";
      this.updateCounter();
    }
    this.queue.push(text);
    this.flush();
  };

  ChatWidget.prototype.flush = function () {
    if (!this.socket || !this.sessionReady) return;
    while (this.queue.length > 0) {
      var message = this.queue.shift();
      // The staff debug line for the bot's reply goes under its last message (see receive()).
      this.debugTurn = { text: message, bubble: null };
      this.socket.emit("user_uttered", {
        message: message,
        session_id: this.store.sessionId(),
        metadata: Object.assign({ client: "baclofen-webchat" }, this.config.metadata),
      });
      this.setTyping(true);
    }
  };

  ChatWidget.prototype.receive = function (message) {
    if (!message || typeof message !== "object") return;
    var text = typeof message.text === "string" ? message.text : "";
    var raw = Array.isArray(message.quick_replies) ? message.quick_replies :
      Array.isArray(message.buttons) ? message.buttons : [];
    var buttons = raw.filter(isValidButton).map(function (b) { return { title: b.title, payload: b.payload }; });
    if (!text && buttons.length === 0) return; // images, carousels etc. are not supported here
    this.setTyping(false);
    var entry = { from: "bot", text: text };
    if (buttons.length) entry.buttons = buttons;
    var bubble = this.addEntry(entry);
    this.announce(text);
    if (this.debugTurn) {
      this.debugTurn.bubble = bubble;
      this.scheduleDebug();
    }
  };

  // ---- staff debug mode: what the bot understood, read from Rasa's HTTP API with a staff token

  ChatWidget.prototype.bindStaffEvents = function () {
    var self = this, staff = this.nodes.staff;
    staff.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = staff.input.value.trim();
      staff.input.value = ""; // not left in the page once stored
      if (!token) return;
      self.store.setStaffToken(token);
      self.debugStopped = false;
      self.setStaffStatus(STAFF_TEXT.on);
    });
    staff.forget.addEventListener("click", function () {
      self.store.setStaffToken(null);
      staff.input.value = "";
      self.setStaffStatus(STAFF_TEXT.off);
    });
    this.setStaffStatus(this.store.staffToken() ? STAFF_TEXT.on : STAFF_TEXT.off);
  };

  ChatWidget.prototype.setStaffStatus = function (text) {
    if (this.nodes.staff) this.nodes.staff.status.textContent = text;
  };

  /** Called for each bot message; one tracker read per turn, once its messages have arrived. */
  ChatWidget.prototype.scheduleDebug = function () {
    var turn = this.debugTurn;
    if (!this.config.staff || this.debugStopped || !turn || !this.store.staffToken()) return;
    var self = this;
    clearTimeout(this.debugTimer);
    this.debugTimer = setTimeout(function () { self.fetchDebug(turn, DEBUG_ATTEMPTS); }, DEBUG_FIRST_DELAY_MS);
  };

  ChatWidget.prototype.fetchDebug = function (turn, attemptsLeft) {
    var token = this.store.staffToken();
    var sessionId = this.store.sessionId();
    if (this.destroyed || this.debugStopped || !token || !sessionId) return;
    var self = this;
    // Rasa's --auth-token is accepted only as ?token=; a plain GET, so no CORS preflight.
    var url = this.config.server + "/conversations/" + encodeURIComponent(sessionId) +
      "/tracker?token=" + encodeURIComponent(token);
    fetch(url, { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          self.stopDebug(STAFF_TEXT.refused);
          self.store.setStaffToken(null); // useless now; a new one can be entered
          return null;
        }
        if (response.status === 404 || response.status === 405) {
          self.stopDebug(STAFF_TEXT.notEnabled);
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (tracker) {
        if (!tracker || self.destroyed || self.debugStopped) return;
        var found = findTurn(tracker.events, turn.text);
        if (found) self.renderDebugLine(turn.bubble, debugSummary(found));
        else if (attemptsLeft > 1) {
          self.debugTimer = setTimeout(function () { self.fetchDebug(turn, attemptsLeft - 1); }, DEBUG_RETRY_DELAY_MS);
        } else self.setStaffStatus(STAFF_TEXT.notFound);
      })
      .catch(function () {
        // No status to read (no details either: the URL holds the token). Rasa 3.6 sends its API
        // errors, the 401 for a wrong token among them, without CORS headers, so the browser hides
        // them. If Rasa answers its root route from here, it was that refusal; else Rasa is down
        // or --cors leaves this origin out.
        if (!self.destroyed) self.explainUnreadableAnswer();
      });
  };

  ChatWidget.prototype.explainUnreadableAnswer = function () {
    var self = this;
    fetch(this.config.server + "/", { method: "GET", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" })
      .then(function (response) {
        if (self.destroyed || self.debugStopped) return;
        if (response.ok) {
          self.stopDebug(STAFF_TEXT.refused);
          self.store.setStaffToken(null);
        } else self.setStaffStatus(STAFF_TEXT.unreachable);
      })
      .catch(function () { if (!self.destroyed) self.setStaffStatus(STAFF_TEXT.unreachable); });
  };

  ChatWidget.prototype.stopDebug = function (text) {
    this.debugStopped = true;
    clearTimeout(this.debugTimer);
    this.setStaffStatus(text);
  };

  /** The debug line goes right under the turn's last bot message, as text, styled apart from it. */
  ChatWidget.prototype.renderDebugLine = function (bubble, summary) {
    if (!bubble || !bubble.isConnected) return;
    var next = bubble.nextElementSibling;
    if (next && next.classList.contains("bcw-debug")) next.remove();
    var line = el("p", "bcw-debug", { role: "note", "aria-label": "Staff debug for this reply: " + summary });
    var badge = el("span", "bcw-debug-badge", { "aria-hidden": "true" });
    badge.textContent = "debug";
    var text = el("span", "bcw-debug-text", { "aria-hidden": "true" });
    text.textContent = summary;
    line.appendChild(badge);
    line.appendChild(text);
    bubble.insertAdjacentElement("afterend", line);
    this.setStaffStatus(STAFF_TEXT.on);
    this.scrollToEnd();
  };

  // ---- connection

  ChatWidget.prototype.connect = function () {
    if (this.socket || this.connecting) return;
    this.connecting = true;
    var self = this;
    loadSocketIo(assetUrl(this.config.socketIoSrc)).then(function (io) {
      if (self.destroyed) return;
      var options = {
        path: self.config.socketPath,
        // websocket first: it works even where the server sends no CORS headers for polling.
        transports: ["websocket", "polling"],
        tryAllTransports: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 5000,
      };
      if (self.config.token) options.auth = { token: self.config.token };
      var socket = io(self.config.server, options);
      self.socket = socket;
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: self.store.sessionId() });
      });
      socket.on("session_confirm", function (data) {
        var id = typeof data === "string" ? data : data && data.session_id;
        if (typeof id === "string" && id) self.store.setSessionId(id);
        self.sessionReady = true;
        self.setStatus(null);
        self.flush();
      });
      socket.on("bot_uttered", function (message) { self.receive(message); });
      socket.on("connect_error", function () {
        self.sessionReady = false;
        self.setTyping(false);
        // An inactive socket was refused by the server (e.g. a bad JWT) and will not retry.
        self.setStatus(socket.active ? OFFLINE_TEXT : REFUSED_TEXT);
      });
      socket.on("disconnect", function (reason) {
        self.sessionReady = false;
        self.setTyping(false);
        self.setStatus(OFFLINE_TEXT);
        if (reason === "io server disconnect") socket.connect(); // the server hung up: retry too
      });
    }).catch(function (error) {
      self.connecting = false;
      console.error("BaclofenChat:", error.message);
      self.setStatus(OFFLINE_TEXT);
      setTimeout(function () { if (!self.destroyed) self.connect(); }, 5000);
    });
  };

  ChatWidget.prototype.destroy = function () {
    this.destroyed = true;
    clearTimeout(this.typingTimer);
    clearTimeout(this.debugTimer);
    if (this.socket) this.socket.disconnect();
    this.nodes.root.remove();
  };

  // ---------------------------------------------------------------- public API

  var current = null;
  var pendingConfig = null; // the newest config, while waiting for <body>

  function whenBodyReady(callback) {
    if (document.body) callback();
    else document.addEventListener("DOMContentLoaded", callback, { once: true });
  }

  var api = {
    /** Creates the widget (replacing one made before) from data-attributes overlaid with `options`. */
    init: function (options) {
      var config = normaliseConfig(Object.assign(readDataAttributes(ownScript), options || {}));
      if (current) current.destroy();
      current = null;
      var alreadyWaiting = pendingConfig !== null;
      pendingConfig = config;
      if (!alreadyWaiting) {
        whenBodyReady(function () {
          current = new ChatWidget(pendingConfig);
          pendingConfig = null;
        });
      }
      return api;
    },
    open: function () { if (current) current.open({ focus: true }); },
    close: function () { if (current) current.close(); },
    destroy: function () { if (current) current.destroy(); current = null; },
    version: "1.0.0",
  };
  window.BaclofenChat = api;

  // Auto-start when the script tag names a server; otherwise the site calls init() itself.
  if (ownScript && ownScript.dataset.server) {
    try {
      api.init();
    } catch (error) {
      console.error(error.message);
    }
  }
})();

/*
 * Widget configuration: defaults, the script tag's data-attributes, and checking of each value.
 * A bad value is reported and replaced by its default; only a bad `server` is fatal.
 */

export const DEFAULTS = Object.freeze({
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
  replyTimeoutSeconds: 20,
});

// init() key -> data-attribute name (as in element.dataset).
const DATA_ATTRIBUTES = {
  server: "server", title: "title", primaryColor: "primaryColor", open: "open",
  socketPath: "socketPath", token: "token", maxLength: "maxLength",
  storageKey: "storageKey", socketIoSrc: "socketioSrc", cssSrc: "cssSrc", staff: "staff",
  retentionDays: "retentionDays", sessionMinutes: "sessionMinutes",
  replyTimeoutSeconds: "replyTimeoutSeconds",
};

/** The options set as data-attributes on `script` ({} without a script). */
export function readDataAttributes(script) {
  if (!script) return {};
  const options = {};
  for (const [key, name] of Object.entries(DATA_ATTRIBUTES)) {
    if (script.dataset[name] !== undefined) options[key] = script.dataset[name];
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

/** A whole number in [min, max], else the default. */
function boundedInteger(value, min, max, fallback) {
  const number = Number(value);
  return Number.isInteger(number) && number >= min && number <= max ? number : fallback;
}

/** `?staff=1` in the page's own URL shows the staff token field (nothing more: no token, no debug). */
function pageAsksForStaffMode() {
  try {
    return new URLSearchParams(window.location.search).get("staff") === "1";
  } catch (error) {
    return false;
  }
}

/**
 * Merges `options` over the defaults and checks each value.
 * Throws Error when `server` is not an http(s) URL; other bad values fall back to the default.
 */
export function normaliseConfig(options) {
  const config = Object.assign({}, DEFAULTS, options || {});
  let server;
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
  config.maxLength = boundedInteger(config.maxLength, 1, 5000, DEFAULTS.maxLength);
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

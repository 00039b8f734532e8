/*
 * Chat widget for the baclofen assistant: the public API, window.BaclofenChat.
 *
 * Embed:  <script src="/widget.js" data-server="https://bot.example.org"></script>
 * or call window.BaclofenChat.init({server: "...", ...}) from your own script.
 *
 * The sources in webchat/src/ are ES modules; `npm run build` bundles them into webchat/widget.js
 * (one classic script, so embedding needs no type="module" and works under a strict CSP).
 */
import { ChatWidget } from "./chat-widget.js";
import { normaliseConfig, readDataAttributes } from "./config.js";

// Read while this script runs: document.currentScript is null afterwards.
const ownScript = document.currentScript || document.querySelector('script[src*="widget.js"]');
const ownScriptUrl = ownScript && ownScript.src ? ownScript.src : document.baseURI;
const assetUrl = (path) => new URL(path, ownScriptUrl).href;

let current = null;
let pendingConfig = null; // the newest config, while waiting for <body>

function whenBodyReady(callback) {
  if (document.body) callback();
  else document.addEventListener("DOMContentLoaded", callback, { once: true });
}

const api = {
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
  version: "2.0.0",
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

/* Screen reader announcements and keeping keyboard focus inside a modal area. */
import { el, textEl } from "./dom.js";

// Long enough for a screen reader to queue the text, short enough that someone reading the
// page does not find old replies a second time (each reply is also in the conversation log).
const CLEAR_AFTER_MS = 7000;

/**
 * The widget's one live region. It sits outside the chat panel (so it also speaks while the
 * panel is closed) and holds only the replies of the last few seconds: every reply is heard once.
 */
export class Announcer {
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
}

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled])," +
  " select:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/** The elements Tab can reach inside `container`, in order (hidden ones left out). */
export function focusables(container) {
  return Array.from(container.querySelectorAll(FOCUSABLE)).filter((node) => {
    if (node.closest("[hidden], [inert]")) return false;
    // A <details>' content is unreachable while it is closed, its <summary> is not.
    const details = node.parentElement && node.parentElement.closest("details:not([open])");
    if (details && node !== details.querySelector("summary")) return false;
    return node.getClientRects().length > 0;
  });
}

/**
 * Tab and Shift+Tab wrap around inside `container` while `active()` is true, and focus that
 * lands outside it (a click, a script) is brought back. Returns a function that removes this.
 */
export function trapFocus(container, active) {
  const onKeydown = (event) => {
    if (event.key !== "Tab" || !active()) return;
    const nodes = focusables(container);
    if (nodes.length === 0) return;
    const first = nodes[0], last = nodes[nodes.length - 1];
    const current = document.activeElement;
    if (event.shiftKey && (current === first || !container.contains(current))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || !container.contains(current))) {
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

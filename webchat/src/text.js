/*
 * Safe text rendering: message text only reaches the page through text nodes; links are built as
 * <a> nodes from http(s) URLs. Nothing a user or the server sends is parsed as HTML.
 */
import { ICONS, el, icon, textEl } from "./dom.js";

// [title](http...) markdown links, or bare http(s) URLs without trailing punctuation.
const LINK_PATTERN = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()<>]+)\)|(https?:\/\/[^\s<>"'()]*[^\s<>"'().,;:!?])/gi;

export const NEW_TAB_TEXT = " (opens in a new tab)";

function safeHref(candidate) {
  try {
    const url = new URL(candidate);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

/** A link that opens in a new tab and says so: to screen readers in words, on screen with an icon. */
export function newTabLink(href, text) {
  const link = el("a", "bcw-link", { href: href, target: "_blank", rel: "noopener noreferrer" });
  link.appendChild(document.createTextNode(text));
  link.appendChild(textEl("span", "bcw-visually-hidden", NEW_TAB_TEXT));
  link.appendChild(icon(ICONS.newTab, "bcw-link-icon"));
  return link;
}

/** Appends `text` to `parent` as text nodes, turning http(s) links into safe <a> nodes. */
export function appendRichText(parent, text) {
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

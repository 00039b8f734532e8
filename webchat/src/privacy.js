/*
 * The privacy notice (what is stored, where, for how long) with its "Delete my conversation"
 * control, and the confirmation asked inside the widget before anything is erased.
 */
import { el, textEl, uid } from "./dom.js";

function plural(count, unit) {
  return count + " " + unit + (count === 1 ? "" : "s");
}

/** The notice's sentence for the configured retention (days) and session expiry (minutes). */
export function privacyText(retentionDays, sessionMinutes) {
  return "This chat is kept on our server for " + plural(retentionDays, "day") +
    " after your last message, and in this browser tab until you close it or after " +
    plural(sessionMinutes, "minute") + " without a message.";
}

/** {node, deleteButton}: the notice under the message box. */
export function buildPrivacyNotice(config) {
  const node = el("div", "bcw-privacy");
  node.appendChild(textEl("p", "bcw-privacy-text", privacyText(config.retentionDays, config.sessionMinutes)));
  const deleteButton = textEl("button", "bcw-link-button bcw-delete", "Delete my conversation", { type: "button" });
  node.appendChild(deleteButton);
  return { node, deleteButton };
}

/**
 * {node, confirmButton, cancelButton}: a modal alert dialog over the panel asking to confirm the
 * erasure. Hidden until shown.
 */
export function buildEraseConfirmation() {
  const titleId = uid("erase-title"), textId = uid("erase-text");
  const backdrop = el("div", "bcw-confirm-backdrop");
  backdrop.hidden = true;
  const node = el("div", "bcw-confirm", {
    role: "alertdialog", "aria-modal": "true", "aria-labelledby": titleId, "aria-describedby": textId,
  });
  node.appendChild(textEl("h3", "bcw-confirm-title", "Delete this conversation?", { id: titleId }));
  node.appendChild(textEl("p", "bcw-confirm-text",
    "Your messages and the replies will be deleted from our server and from this browser. " +
    "This cannot be undone.", { id: textId }));
  const actions = el("div", "bcw-confirm-actions");
  const cancelButton = textEl("button", "bcw-confirm-cancel", "Cancel", { type: "button" });
  const confirmButton = textEl("button", "bcw-confirm-delete", "Delete", { type: "button" });
  actions.appendChild(cancelButton);
  actions.appendChild(confirmButton);
  node.appendChild(actions);
  backdrop.appendChild(node);
  return { node: backdrop, dialog: node, confirmButton, cancelButton };
}

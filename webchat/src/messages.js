/*
 * One conversation entry on screen: the bubble, and under a bot answer its "Source" disclosure
 * and its rating controls. Everything is text (textContent) or links built by text.js.
 */
import { ICONS, el, icon, textEl, uid } from "./dom.js";
import { RATING_REASONS } from "./protocol.js";
import { appendRichText } from "./text.js";

const RATED_TEXT = { up: "You found this answer helpful. Thank you.", down: "You found this answer not helpful. Thank you." };

/** The bubble of `entry` ({from: "user"|"bot"|"intro", text}), starting with who speaks. */
function renderBubble(entry) {
  const className = entry.from === "user" ? "bcw-msg bcw-msg-user" :
    entry.from === "intro" ? "bcw-msg bcw-msg-bot bcw-msg-intro" : "bcw-msg bcw-msg-bot";
  const bubble = el("div", className);
  bubble.appendChild(textEl("span", "bcw-visually-hidden", entry.from === "user" ? "You: " : "Assistant: "));
  if (entry.from === "user") bubble.appendChild(document.createTextNode(entry.text));
  else appendRichText(bubble, entry.text);
  return bubble;
}

/** "Source" disclosure: the article's title (and year) and the section headings the answer rests on. */
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

/**
 * Thumbs up / down for a rateable answer. `onRate(rating, reason)` sends the rating (reason
 * undefined or one of RATING_REASONS' values) and returns nothing; the controls then show the
 * rating given. A thumbs down first offers an optional "what was wrong".
 */
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
  choices.push([undefined, textEl("button", "bcw-rate-reason bcw-rate-skip", "Send without a reason", { type: "button" })]);
  for (const [, button] of choices) reasons.appendChild(button);
  box.appendChild(reasons);

  const done = (rating, reason) => {
    onRate(rating, reason);
    const rated = textEl("p", "bcw-rated", RATED_TEXT[rating], { tabindex: "-1" });
    box.replaceChildren(rated);
    rated.focus(); // the pressed control is gone; keep the keyboard user's place
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

/**
 * The element for one entry: a wrapper holding the bubble, then for a bot answer its source and
 * rating controls. Returns {node, bubble}. `onRate(entry, rating, reason)` is called on a rating.
 */
export function renderEntry(entry, onRate) {
  const node = el("div", "bcw-entry bcw-entry-" + (entry.from === "user" ? "user" : "bot"));
  const bubble = renderBubble(entry);
  node.appendChild(bubble);
  if (entry.source) node.appendChild(renderSource(entry.source));
  if (entry.rateable) node.appendChild(renderRating(entry, (rating, reason) => onRate(entry, rating, reason)));
  return { node, bubble };
}

/** The suggested-replies group; `onChoose(button)` is called with the chosen {title, payload}. */
export function renderQuickReplies(buttons, onChoose) {
  const group = el("div", "bcw-quick-replies", { role: "group", "aria-label": "Suggested questions" });
  for (const button of buttons) {
    const choice = textEl("button", "bcw-quick-reply", button.title, { type: "button" });
    choice.addEventListener("click", () => onChoose(button));
    group.appendChild(choice);
  }
  return group;
}

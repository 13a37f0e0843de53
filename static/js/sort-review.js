// The review step: the sort from most to least important, the comments and the free-choice
// answer exactly as they will be sent, and the one "send" button. Sending reads the comment
// fields once more (beforeSend) and carries the idempotency key (see sync.js): a retry after a
// dropped connection gets the same receipt, and the thank-you page follows.

import { format } from "./format.js";
import { columnLabels } from "./sort-model.js";

export function createReview(root, model, cards, sync, config, beforeSend) {
  const list = root.querySelector('[data-js="review-list"]');
  const commentList = root.querySelector('[data-js="review-comments"]');
  const free = root.querySelector('[data-js="review-free"]');
  const button = root.querySelector('[data-js="submit"]');
  const error = root.querySelector('[data-js="submit-error"]');
  const messages = config.messages;
  const labels = columnLabels(config.columns);
  const label = (value) => labels[String(value)];
  const line = (id) => `${cards[id].dataset.number}. ${cards[id].querySelector(".q-text").textContent}`;

  function render() {
    list.replaceChildren();
    commentList.replaceChildren();
    for (const column of [...config.columns].reverse()) {
      const item = document.createElement("li");
      const head = document.createElement("strong");
      head.textContent = label(column.value);
      const inner = document.createElement("ul");
      for (const id of model.state.columns[column.value]) {
        const entry = document.createElement("li");
        entry.textContent = line(id);
        inner.appendChild(entry);
        const comment = model.state.comments[id];
        if (comment && comment.trim()) {
          const said = document.createElement("li");
          said.textContent = `${label(column.value)} · ${line(id)} — ${comment.trim()}`;
          commentList.appendChild(said);
        }
      }
      item.append(head, inner);
      list.appendChild(item);
    }
    if (!commentList.children.length) commentList.textContent = messages.no_comments;
    free.textContent = model.state.free_choice.trim() || messages.no_answer;
  }

  let sending = false;
  let retry = null;

  async function send() {
    if (sending) return;
    sending = true;
    clearTimeout(retry);
    beforeSend();
    button.disabled = true;
    button.textContent = messages.submitting;
    try {
      const result = await sync.submit(model.snapshot());
      if (result.ok || (result.status === 409 && result.body.error === "submitted")) {
        window.location.assign(config.thanksUrl);
        return;
      }
      showError(result.body.message + (result.body.problems || []).map((p) => ` ${p}`).join(""));
    } catch {
      // Dropped connection: the same key is sent again, so the server answers with the
      // receipt of the sort it may already have stored.
      showError(format(messages.submit_failed, { reason: messages.offline }));
      window.addEventListener("online", send, { once: true });
      retry = setTimeout(send, 5000);
    } finally {
      sending = false;
    }
    button.disabled = false;
    button.textContent = button.dataset.label;
  }

  function showError(text) {
    error.hidden = false;
    error.textContent = text;
  }

  button.dataset.label = button.textContent;
  button.addEventListener("click", send);
  return { render, clearError() { error.hidden = true; } };
}

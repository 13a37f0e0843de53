// The review step: the sort from most to least important, and the one "send" button.
// Sending carries the idempotency key (see sync.js): a retry after a dropped connection gets
// the same receipt, and the thank-you page follows.

export function createReview(root, model, cards, sync, config) {
  const list = root.querySelector('[data-js="review-list"]');
  const button = root.querySelector('[data-js="submit"]');
  const error = root.querySelector('[data-js="submit-error"]');
  const messages = config.messages;

  function render() {
    list.replaceChildren();
    for (const column of [...config.columns].reverse()) {
      const item = document.createElement("li");
      const head = document.createElement("strong");
      head.textContent = document.querySelector(`[data-target="col:${column.value}"]`).dataset.label;
      const inner = document.createElement("ul");
      for (const id of model.state.columns[column.value]) {
        const line = document.createElement("li");
        line.textContent = `${cards[id].dataset.number}. ${cards[id].querySelector(".q-text").textContent}`;
        inner.appendChild(line);
      }
      item.append(head, inner);
      list.appendChild(item);
    }
  }

  let sending = false;
  let retry = null;

  async function send() {
    if (sending) return;
    sending = true;
    clearTimeout(retry);
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
      showError(messages.submit_failed.replace("{reason}", messages.offline));
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
  return { render };
}

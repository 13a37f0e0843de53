// The presort step: one card at a time onto three piles (less important / neutral / more
// important) with big buttons or the keys 1, 2 and 3, and a running count. Cards come in the
// participant's own random order (the server shuffled the "unsorted" pile at join).

import { format } from "./format.js";

const KEYS = { 1: "less", 2: "neutral", 3: "more" };

export function createPresort(root, model, cards, messages, announce) {
  const holder = root.querySelector('[data-js="presort-card"]');
  const progress = root.querySelector('[data-js="presort-progress"]');
  const done = root.querySelector('[data-js="presort-done"]');
  const total = Object.keys(cards).length;

  function current() {
    return model.state.piles.unsorted[0];
  }

  function render() {
    const id = current();
    holder.replaceChildren();
    if (id !== undefined) {
      const copy = cards[id].cloneNode(true);
      copy.removeAttribute("tabindex");
      copy.removeAttribute("role");
      copy.removeAttribute("aria-pressed");
      copy.classList.add("q-card-large");
      holder.appendChild(copy);
    }
    const remaining = model.state.piles.unsorted.length;
    progress.textContent = remaining
      ? format(messages.presort_count, { i: total - remaining + 1, n: total })
      : format(messages.presort_done, { n: total });
    holder.hidden = remaining === 0;
    for (const pile of ["less", "neutral", "more"]) {
      root.querySelector(`[data-count="${pile}"]`).textContent = String(model.state.piles[pile].length);
    }
    root.querySelectorAll("[data-pile]").forEach((b) => { b.disabled = id === undefined; });
    done.hidden = remaining > 0;
  }

  function put(pile) {
    const id = current();
    if (id === undefined) return;
    model.move(id, `pile:${pile}`);
    const label = root.querySelector(`[data-pile="${pile}"]`).textContent.replace(/^\s*\d\s*/, "").trim();
    const placed = format(messages.placed_pile, { id: cards[id].dataset.number, column: label });
    const finished = current() === undefined;
    announce(finished ? `${placed} ${format(messages.presort_done, { n: total })}` : placed);
    if (finished) done.querySelector("button").focus(); // Enter goes on to the grid
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-pile]");
    if (button) put(button.dataset.pile);
  });
  document.addEventListener("keydown", (event) => {
    if (model.state.step !== "presort" || event.target.matches("textarea, input") || root.closest("[inert]")) return;
    if (KEYS[event.key]) { event.preventDefault(); put(KEYS[event.key]); }
  });

  return { render };
}

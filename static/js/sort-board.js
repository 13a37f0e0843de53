// The grid step: the tray (piles) and the grid drawn from the model; cards move by touch drag
// (SortableJS), by tap-a-card-then-tap-a-column (or a button of the column picker), and by
// keyboard (Enter on a card, arrow keys in the picker, Enter). All paths call model.move();
// the DOM is re-drawn from the model. After a placement by keyboard the focus goes to the next
// card still to place, and to "Continue" when the grid is complete.
//
// Touch choice: cards are dragged by their grip strip (.q-handle, `touch-action: none`), so a
// drag never scrolls the page by itself (SortableJS scrolls only near the screen's edge), and
// touching the rest of a card scrolls the page as usual and never starts a drag. No long-press delay to learn. Columns accept any number of cards and
// show a "2 too many" badge; the participant goes on only when every column holds exactly its
// height. Empty places are drawn as slots, so the shape of the grid is always visible.
import { format } from "./format.js";
import { applyLayout } from "./sort-layout.js";
import { createPicker } from "./sort-picker.js";

export function createBoard(root, model, cards, messages, announce) {
  const stacks = Object.fromEntries([...root.querySelectorAll("[data-stack]")].map((el) => [el.dataset.stack, el]));
  const hint = root.querySelector('[data-js="grid-hint"]');
  const next = root.querySelector('[data-js="grid-next"]');
  let selected = null;
  let lastTarget = null;
  // Sizes come as data attributes (a style="" attribute would break the CSP); CSSOM is allowed.
  const board = root.querySelector('[data-js="board"]');
  root.style.setProperty("--columns", board.dataset.cssColumns); // the grid and the picker
  root.style.setProperty("--max", board.dataset.cssMax);
  for (const el of root.querySelectorAll("[data-css-height]")) el.style.setProperty("--height", el.dataset.cssHeight);
  applyLayout(root);
  window.addEventListener("resize", () => applyLayout(root));

  const number = (id) => cards[id].dataset.number;
  const holder = (target) => root.querySelector(`[data-target="${target}"]`);
  const capacity = (target) => Number(holder(target).dataset.capacity || 0);
  const picker = createPicker(root, messages, {
    onPlace: (target, byKeyboard) => placeSelected(target, byKeyboard),
    onCancel: (byKeyboard) => cancel(byKeyboard),
  });

  function drawStack(target, stack) {
    const ids = model.list(target);
    const current = [...stack.querySelectorAll(".q-card")].map((el) => Number(el.dataset.id));
    if (current.length !== ids.length || current.some((id, i) => id !== ids[i])) {
      ids.forEach((id) => stack.appendChild(cards[id]));
    }
    stack.querySelectorAll(".slot").forEach((slot) => slot.remove());
    if (!target.startsWith("col:")) return ids.length;
    for (let i = ids.length; i < capacity(target); i += 1) {
      const slot = document.createElement("div");
      slot.className = "slot";
      slot.setAttribute("aria-hidden", "true");
      stack.appendChild(slot);
    }
    return ids.length;
  }

  function render() {
    for (const [target, stack] of Object.entries(stacks)) {
      const n = drawStack(target, stack);
      const counts = root.querySelectorAll(`[data-count-of="${target}"]`);
      if (target.startsWith("col:")) {
        const cap = capacity(target);
        counts.forEach((el) => { el.textContent = `${n}/${cap}`; });
        const badge = root.querySelector(`[data-badge-of="${target}"]`);
        badge.hidden = n <= cap;
        badge.textContent = format(messages.too_many, { n: n - cap });
        holder(target).classList.toggle("over", n > cap);
        holder(target).classList.toggle("full", n === cap);
      } else {
        counts.forEach((el) => { el.textContent = String(n); });
        holder(target).classList.toggle("empty", n === 0);
      }
    }
    const left = model.unplaced().length;
    const done = model.complete();
    next.disabled = !done;
    hint.textContent = done ? messages.grid_done
      : left ? format(messages.cards_left, { n: left }) : messages.columns_wrong;
  }

  function select(id) {
    if (selected !== null) cards[selected].setAttribute("aria-pressed", "false");
    selected = id;
    root.classList.toggle("has-selection", id !== null);
    if (id === null) { picker.close(); return; }
    cards[id].setAttribute("aria-pressed", "true");
    picker.open(number(id));
    announce(format(messages.selected, { id: number(id) }));
  }

  // The card a keyboard user handles next: the next one of the same pile, else any card still
  // to place; none left: "Continue" (or the moved card when a column is still wrong).
  function focusNext(from, moved) {
    const pile = from && from.startsWith("pile:") ? model.list(from) : [];
    const id = pile[0] ?? model.unplaced()[0];
    if (id !== undefined) cards[id].focus();
    else if (model.complete()) next.focus();
    else if (moved !== undefined) cards[moved].focus();
    return id;
  }

  function place(id, target, index) {
    const from = model.where(id);
    model.move(id, target, index);
    if (target.startsWith("col:")) lastTarget = target;
    const n = model.list(target).length;
    if (target.startsWith("pile:")) return { from, text: format(messages.placed_pile, { id: number(id), column: holder(target).dataset.label }) };
    const room = capacity(target) - n;
    const text = room > 0 ? messages.placed : room === 0 ? messages.placed_full : messages.placed_over;
    return { from, text: format(text, { id: number(id), column: holder(target).dataset.label, n: Math.abs(room) }) };
  }

  function placeSelected(target, byKeyboard) {
    if (selected === null) return;
    const id = selected;
    const { from, text } = place(id, target);
    select(null);
    if (!byKeyboard) { announce(text); return; }
    const upcoming = focusNext(from, id);
    const after = upcoming !== undefined ? format(messages.next_card, { id: number(upcoming) })
      : model.complete() ? messages.all_placed : "";
    announce(`${text}. ${after}`.trim());
  }

  function cancel(byKeyboard) {
    const id = selected;
    select(null);
    if (byKeyboard && id !== null) cards[id].focus();
  }

  root.addEventListener("click", (event) => {
    if (event.target.closest('[data-js="picker"]')) return;
    const card = event.target.closest(".q-card");
    if (card && !event.target.closest("[data-target-head]")) {
      const id = Number(card.dataset.id);
      select(selected === id ? null : id);
      return;
    }
    const target = event.target.closest("[data-target-head], [data-target]");
    if (target) placeSelected(target.dataset.targetHead || target.dataset.target, event.detail === 0);
  });

  root.addEventListener("keydown", (event) => {
    const card = event.target.closest(".q-card");
    if (card && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      const id = Number(card.dataset.id);
      select(id);
      const where = model.where(id);
      picker.focus(where.startsWith("col:") ? where : lastTarget);
    } else if (event.key === "Escape" && selected !== null) {
      cancel(true);
    }
  });

  // Dragging moves nothing until the finger lifts (onMove refuses every live reorder): the grid
  // under the finger never shifts, the column under it is marked, and the card goes to the
  // column (or pile, or head) under the point where the drag ends.
  let marked = null;
  const mark = (holderEl) => {
    if (marked) marked.classList.remove("drop-here");
    marked = holderEl;
    if (marked) marked.classList.add("drop-here");
  };
  const dropPoint = (event) => {
    const touch = event && event.changedTouches && event.changedTouches[0];
    const point = touch || event;
    if (!point || (!point.clientX && !point.clientY)) return null;
    const hit = document.elementFromPoint(point.clientX, point.clientY);
    return hit && hit.closest("[data-target]");
  };
  for (const [target, stack] of Object.entries(stacks)) {
    new window.Sortable(stack, {
      group: { name: "qsort", put: true },
      handle: ".q-handle",
      draggable: ".q-card",
      animation: 150,
      ghostClass: "q-ghost",
      chosenClass: "q-chosen",
      dragClass: "q-drag",
      scroll: true,
      bubbleScroll: true,
      onMove(evt) { mark(evt.to.closest("[data-target]")); return false; },
      onEnd(evt) {
        const at = dropPoint(evt.originalEvent) || marked;
        mark(null);
        const id = Number(evt.item.dataset.id);
        if (!at || at.dataset.target === model.where(id)) { render(); return; }
        announce(place(id, at.dataset.target).text);
        select(null);
      },
    });
    stack.dataset.sortable = target;
  }

  return { render, select, focusFirst: () => focusNext(null) };
}

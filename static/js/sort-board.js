// The grid step: piles and columns drawn from the model; cards move by touch drag
// (SortableJS), by tap-a-card-then-tap-a-column, and by keyboard (Enter on a card, arrow keys
// between columns, Enter). All three paths call model.move(); the DOM is re-drawn from the model.
//
// Touch choice: cards are dragged by their grip strip (.q-handle, `touch-action: none`), so a
// drag never scrolls the page, and touching the rest of a card scrolls the page as usual and
// never starts a drag. No long-press delay to learn. Columns accept any number of cards
// (`put` is always allowed) and show a "2 too many" badge; the participant goes on only when
// every column holds exactly its height.

export function createBoard(root, model, cards, messages, announce) {
  const targets = [...root.querySelectorAll("[data-target]")];
  const heads = [...root.querySelectorAll("[data-target-head]")];
  const stacks = Object.fromEntries([...root.querySelectorAll("[data-stack]")].map((el) => [el.dataset.stack, el]));
  const detail = root.querySelector('[data-js="card-detail"]');
  const hint = root.querySelector('[data-js="grid-hint"]');
  const next = root.querySelector('[data-js="grid-next"]');
  const detailDefault = detail.textContent;
  let selected = null;
  // Sizes come as data attributes (a style="" attribute would break the CSP); CSSOM is allowed.
  for (const el of root.querySelectorAll("[data-css-columns]")) el.style.setProperty("--columns", el.dataset.cssColumns);
  for (const el of root.querySelectorAll("[data-css-height]")) el.style.setProperty("--height", el.dataset.cssHeight);

  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const number = (id) => cards[id].dataset.number;
  const labelOf = (target) => root.querySelector(`[data-target="${target}"]`).dataset.label;
  const capacity = (target) => Number(root.querySelector(`[data-target="${target}"]`).dataset.capacity || 0);

  function render() {
    for (const [target, stack] of Object.entries(stacks)) {
      const ids = model.list(target);
      const current = [...stack.children].map((el) => Number(el.dataset.id));
      if (current.length !== ids.length || current.some((id, i) => id !== ids[i])) {
        ids.forEach((id) => stack.appendChild(cards[id]));
      }
      const count = root.querySelector(`[data-count-of="${target}"]`);
      const holder = root.querySelector(`[data-target="${target}"]`);
      if (target.startsWith("col:")) {
        const cap = capacity(target);
        count.textContent = `${ids.length}/${cap}`;
        const badge = root.querySelector(`[data-badge-of="${target}"]`);
        badge.hidden = ids.length <= cap;
        badge.textContent = fill(messages.too_many, { n: ids.length - cap });
        holder.classList.toggle("over", ids.length > cap);
        holder.classList.toggle("full", ids.length === cap);
      } else {
        count.textContent = String(ids.length);
        holder.classList.toggle("empty", ids.length === 0);
      }
    }
    const left = model.state.piles.unsorted.length + model.state.piles.less.length
      + model.state.piles.neutral.length + model.state.piles.more.length;
    const done = model.complete();
    next.disabled = !done;
    hint.textContent = done ? messages.grid_done
      : left ? fill(messages.cards_left, { n: left }) : messages.columns_wrong;
  }

  function select(id) {
    if (selected !== null) cards[selected].setAttribute("aria-pressed", "false");
    selected = id;
    root.classList.toggle("has-selection", id !== null);
    if (id === null) {
      detail.textContent = detailDefault;
      return;
    }
    cards[id].setAttribute("aria-pressed", "true");
    detail.textContent = `${number(id)}. ${cards[id].querySelector(".q-text").textContent}`;
    announce(fill(messages.selected, { id: number(id) }));
  }

  function place(id, target, index) {
    model.move(id, target, index);
    const ids = model.list(target);
    if (target.startsWith("pile:")) {
      announce(fill(messages.placed_pile, { id: number(id), column: labelOf(target) }));
    } else {
      const room = capacity(target) - ids.length;
      const text = room > 0 ? messages.placed : room === 0 ? messages.placed_full : messages.placed_over;
      announce(fill(text, { id: number(id), column: labelOf(target), n: Math.abs(room) }));
    }
  }

  root.addEventListener("click", (event) => {
    const card = event.target.closest(".q-card");
    if (card && !event.target.closest("[data-target-head]")) {
      const id = Number(card.dataset.id);
      select(selected === id ? null : id);
      return;
    }
    const target = event.target.closest("[data-target-head], [data-target]");
    if (!target || selected === null) return;
    const id = selected;
    place(id, target.dataset.targetHead || target.dataset.target);
    select(null);
    if (event.detail === 0) cards[id].focus(); // keyboard "click": keep the focus on the card
  });

  root.addEventListener("keydown", (event) => {
    const card = event.target.closest(".q-card");
    if (card && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      const id = Number(card.dataset.id);
      select(id);
      const where = model.where(id);
      const start = where.startsWith("col:") ? where : heads[Math.floor((heads.length + 4) / 2)].dataset.targetHead;
      root.querySelector(`[data-target-head="${start}"]`).focus();
      return;
    }
    const head = event.target.closest("[data-target-head]");
    if (head && ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(event.key)) {
      event.preventDefault();
      const step = event.key === "ArrowLeft" || event.key === "ArrowUp" ? -1 : 1;
      const visible = heads.filter((h) => h.offsetParent !== null);
      const i = visible.indexOf(head);
      visible[(i + step + visible.length) % visible.length].focus();
      return;
    }
    if (event.key === "Escape" && selected !== null) {
      const id = selected;
      select(null);
      cards[id].focus();
    }
  });

  for (const [target, stack] of Object.entries(stacks)) {
    new window.Sortable(stack, {
      group: { name: "qsort", put: true },
      handle: ".q-handle",
      animation: 150,
      ghostClass: "q-ghost",
      chosenClass: "q-chosen",
      dragClass: "q-drag",
      scroll: true,
      bubbleScroll: true,
      onEnd(evt) {
        const id = Number(evt.item.dataset.id);
        const to = evt.to.dataset.stack;
        if (evt.to === evt.from && evt.oldIndex === evt.newIndex) return;
        place(id, to, evt.newIndex);
        select(null);
      },
    });
    stack.dataset.sortable = target;
  }

  return { render, select };
}

// The column picker: while a card is selected, a bar fixed to the bottom of the screen holds one
// button per column (with its count), so the column is always one tap away however far the
// page is scrolled. Keyboard: arrow keys move between the buttons, Enter places, Escape cancels.

import { format } from "./format.js";

export function createPicker(root, messages, { onPlace, onCancel }) {
  const bar = root.querySelector('[data-js="picker"]');
  const title = bar.querySelector('[data-js="picker-title"]');
  const buttons = [...bar.querySelectorAll("[data-place]")];

  function open(number) {
    title.textContent = format(messages.picker_title, { id: number });
    bar.hidden = false;
  }

  function focus(target) {
    const middle = buttons[Math.floor(buttons.length / 2)];
    (buttons.find((b) => b.dataset.place === target) || middle).focus();
  }

  // Buttons per visual row: 3 on the phone's block, all of them elsewhere.
  function perRow() {
    const top = buttons[0].offsetTop;
    return buttons.filter((b) => b.offsetTop === top).length || buttons.length;
  }

  function move(from, key) {
    const i = buttons.indexOf(from);
    const row = perRow();
    const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: row < buttons.length ? -row : -1, ArrowDown: row < buttons.length ? row : 1 }[key];
    const next = Math.max(0, Math.min(buttons.length - 1, i + step));
    buttons[next].focus();
  }

  bar.addEventListener("click", (event) => {
    const button = event.target.closest("[data-place]");
    if (button) onPlace(button.dataset.place, event.detail === 0);
    else if (event.target.closest('[data-js="picker-cancel"]')) onCancel(event.detail === 0);
  });
  bar.addEventListener("keydown", (event) => {
    const button = event.target.closest("[data-place]");
    if (button && ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(event.key)) {
      event.preventDefault();
      move(button, event.key);
    }
  });

  return { open, focus, close() { bar.hidden = true; } };
}

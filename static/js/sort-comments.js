// The comments step: a "why?" field for every card in the two extreme columns, then the
// free-choice question. Every input event (typing, paste, dictation, autocorrect) updates the
// model at once; collect() reads every field again before the step is left or the sort sent.

import { columnLabels } from "./sort-model.js";

export function createComments(root, model, gridColumns) {
  const low = String(gridColumns[0].value);
  const high = String(gridColumns[gridColumns.length - 1].value);
  const rows = [...root.querySelectorAll("[data-comment-for]")];
  const free = root.querySelector('[data-js="free-choice"]');
  const labels = columnLabels(gridColumns);

  function render() {
    const extremes = { [high]: model.state.columns[high], [low]: model.state.columns[low] };
    for (const row of rows) {
      const id = Number(row.dataset.commentFor);
      const column = Object.keys(extremes).find((v) => extremes[v].includes(id));
      row.hidden = column === undefined;
      row.style.order = column === high ? 0 : 1; // most important first
      if (column !== undefined) row.querySelector("[data-comment-column]").textContent = labels[column];
      const area = row.querySelector("textarea");
      if (document.activeElement !== area) area.value = model.state.comments[id] || "";
    }
    if (document.activeElement !== free) free.value = model.state.free_choice;
  }

  // What is on the screen is what the model holds: only the fields shown count.
  function collect() {
    for (const row of rows) {
      if (!row.hidden) model.setComment(row.dataset.commentFor, row.querySelector("textarea").value);
    }
    model.setFreeChoice(free.value);
  }

  for (const row of rows) {
    const area = row.querySelector("textarea");
    const update = () => model.setComment(row.dataset.commentFor, area.value);
    area.addEventListener("input", update);
    area.addEventListener("change", update);
  }
  free.addEventListener("input", () => model.setFreeChoice(free.value));
  free.addEventListener("change", () => model.setFreeChoice(free.value));

  return { render, collect };
}

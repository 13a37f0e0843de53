// The comments step: a "why?" field for every card in the two extreme columns, then the
// free-choice question. Typing updates the model (and so the autosave) after a short pause.

export function createComments(root, model, gridColumns) {
  const low = String(gridColumns[0].value);
  const high = String(gridColumns[gridColumns.length - 1].value);
  const rows = [...root.querySelectorAll("[data-comment-for]")];
  const free = root.querySelector('[data-js="free-choice"]');
  const timers = {};

  const later = (key, fn) => {
    clearTimeout(timers[key]);
    timers[key] = setTimeout(fn, 400);
  };

  function render() {
    const extremes = { [high]: model.state.columns[high], [low]: model.state.columns[low] };
    const label = (v) => root.ownerDocument.querySelector(`[data-target="col:${v}"]`).dataset.label;
    for (const row of rows) {
      const id = Number(row.dataset.commentFor);
      const column = Object.keys(extremes).find((v) => extremes[v].includes(id));
      row.hidden = column === undefined;
      row.style.order = column === high ? 0 : 1; // most important first
      if (column !== undefined) row.querySelector("[data-comment-column]").textContent = label(column);
      const area = row.querySelector("textarea");
      if (document.activeElement !== area) area.value = model.state.comments[id] || "";
    }
    if (document.activeElement !== free) free.value = model.state.free_choice;
  }

  for (const row of rows) {
    const area = row.querySelector("textarea");
    area.addEventListener("input", () => later(row.dataset.commentFor, () => model.setComment(row.dataset.commentFor, area.value)));
  }
  free.addEventListener("input", () => later("free", () => model.setFreeChoice(free.value)));

  return { render };
}

// The one model of a participant's sort. Every path (drag, tap, keyboard, presort buttons)
// changes the sort through these functions; each change bumps the version and tells the
// listeners (the board re-renders, sync.js autosaves). The DOM is drawn from this state only.
// Targets are "pile:<name>" or "col:<value>".

export const PILES = ["unsorted", "less", "neutral", "more"];

export function createModel(initial, statementIds, gridColumns) {
  const state = normalise(initial, statementIds, gridColumns);
  const listeners = [];

  function list(target) {
    const [kind, key] = target.split(":");
    return kind === "pile" ? state.piles[key] : state.columns[key];
  }

  function where(id) {
    for (const name of PILES) if (state.piles[name].includes(id)) return `pile:${name}`;
    for (const key of Object.keys(state.columns)) if (state.columns[key].includes(id)) return `col:${key}`;
    return null;
  }

  function changed(detail) {
    state.version += 1;
    listeners.forEach((fn) => fn(state, detail));
  }

  return {
    state,
    list,
    where,
    subscribe(fn) { listeners.push(fn); },
    move(id, target, index) {
      const from = where(id);
      const source = list(from);
      const oldIndex = source.indexOf(id);
      source.splice(oldIndex, 1);
      const dest = list(target);
      const at = index === undefined || index === null ? dest.length : Math.max(0, Math.min(index, dest.length));
      dest.splice(at, 0, id);
      if (from === target && oldIndex === at) { return; }
      changed({ kind: "move", id, from, target });
    },
    setStep(step) {
      if (state.step === step) return;
      state.step = step;
      changed({ kind: "step", step });
    },
    setComment(id, text) {
      if ((state.comments[id] || "") === text) return;
      if (text) state.comments[id] = text; else delete state.comments[id];
      changed({ kind: "comment", id });
    },
    setFreeChoice(text) {
      if (state.free_choice === text) return;
      state.free_choice = text;
      changed({ kind: "free_choice" });
    },
    replace(next) {
      Object.assign(state, normalise(next, statementIds, gridColumns));
      listeners.forEach((fn) => fn(state, { kind: "replace" }));
    },
    unplaced() { return PILES.flatMap((name) => state.piles[name]); },
    complete() {
      if (PILES.some((name) => state.piles[name].length)) return false;
      return gridColumns.every((c) => state.columns[c.value].length === c.height);
    },
    snapshot() { return JSON.parse(JSON.stringify(state)); },
  };
}

// Column value -> its label ("+3"), from the page config's columns ({ value, height, label }).
export function columnLabels(gridColumns) {
  return Object.fromEntries(gridColumns.map((c) => [String(c.value), c.label]));
}

// Any statement missing from the stored draft goes to "unsorted"; unknown ids are dropped.
function normalise(draft, statementIds, gridColumns) {
  const known = new Set(statementIds);
  const seen = new Set();
  const keep = (ids) => (ids || []).filter((id) => known.has(id) && !seen.has(id) && seen.add(id));
  const columns = {};
  for (const c of gridColumns) columns[c.value] = keep((draft.columns || {})[c.value]);
  const piles = {};
  for (const name of PILES) piles[name] = keep((draft.piles || {})[name]);
  piles.unsorted.push(...statementIds.filter((id) => !seen.has(id)));
  return {
    version: draft.version || 1,
    step: draft.step || "intro",
    columns,
    piles,
    comments: { ...(draft.comments || {}) },
    free_choice: draft.free_choice || "",
  };
}

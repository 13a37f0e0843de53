// The sort page: reads its config from #sort-config, builds the one model, and wires the
// steps (intro → presort → grid → comments → review), the autosave and the status line.
import { createModel } from "./sort-model.js";
import { createSync } from "./sync.js";
import { createPresort } from "./presort.js";
import { createBoard } from "./sort-board.js";
import { createComments } from "./sort-comments.js";
import { createReview } from "./sort-review.js";

const root = document.querySelector('[data-js="sort-app"]');
if (root) start(root);

function start(app) {
  const config = JSON.parse(document.getElementById("sort-config").textContent);
  const messages = config.messages;
  const cards = Object.fromEntries([...app.querySelectorAll(".card-pool .q-card")].map((el) => [el.dataset.id, el]));
  const status = app.querySelector('[data-js="sync-status"]');
  const live = app.querySelector('[data-js="announce"]');
  const announce = (text) => { live.textContent = ""; requestAnimationFrame(() => { live.textContent = text; }); };

  const sync = createSync(config, {
    onStatus(state, message) {
      status.dataset.state = state;
      status.textContent = state === "error" ? `${messages.not_saved}: ${message}` : messages[state];
    },
    async onConflict() {
      const response = await fetch(config.draftUrl, { headers: { Accept: "application/json" } });
      if (response.ok) model.replace(await response.json());
      status.dataset.state = "saved";
      status.textContent = messages.conflict;
    },
  });

  // The server's draft wins unless this tablet holds a newer one (made offline): push that.
  const local = sync.stored();
  const newerLocal = local && local.version > config.draft.version;
  const model = createModel(newerLocal ? local : config.draft, config.statements, config.columns);

  const board = createBoard(app.querySelector('[data-js="sort-board"]'), model, cards, messages, announce);
  const presort = createPresort(app.querySelector('[data-js="presort"]'), model, cards, messages, announce);
  const comments = createComments(app.querySelector('[data-js="sort-comments"]'), model, config.columns);
  const review = createReview(app.querySelector('[data-js="sort-review"]'), model, cards, sync, config);

  function show() {
    let step = model.state.step;
    if ((step === "comments" || step === "review") && !model.complete()) step = "grid";
    app.dataset.step = step;
    app.querySelectorAll("[data-step-panel]").forEach((panel) => {
      panel.hidden = panel.dataset.stepPanel !== step;
    });
    board.render();
    presort.render();
    if (step === "comments") comments.render();
    if (step === "review") review.render();
  }

  app.addEventListener("click", (event) => {
    const go = event.target.closest("[data-go]");
    if (!go || go.disabled) return;
    model.setStep(go.dataset.go);
    window.scrollTo(0, 0);
    const heading = app.querySelector(`[data-step-panel="${model.state.step}"] h1, [data-step-panel="${model.state.step}"] button`);
    if (heading) { heading.tabIndex = heading.tabIndex < 0 ? -1 : heading.tabIndex; heading.focus({ preventScroll: true }); }
  });

  model.subscribe((state, detail) => {
    if (detail.kind === "step" || detail.kind === "move" || detail.kind === "replace") show();
    if (detail.kind !== "replace") sync.save(state);
  });

  show();
  if (newerLocal) sync.save(model.state);
  app.dataset.ready = "true";
}

// The sort page: reads its config from #sort-config, builds the one model, and wires the
// steps (intro → presort → grid → comments → review), the autosave, the status line and the
// phase watch. Each step change is announced and moves the focus to where the step starts.
import { createModel } from "./sort-model.js";
import { createSync } from "./sync.js";
import { watchPhase } from "./phase.js";
import { createTimer } from "./sort-timer.js";
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
  const banner = app.querySelector('[data-js="phase-banner"]');
  const steps = app.querySelector('[data-js="steps"]');
  const live = app.querySelector('[data-js="announce"]');
  const announce = (text) => { live.textContent = ""; requestAnimationFrame(() => { live.textContent = text; }); };
  let open = config.phase === "sorting";
  let phaseWatch = null;
  const timer = createTimer(app.querySelector('[data-js="sort-timer"]'), app.querySelector('[data-js="timer-warning"]'),
    messages, () => phaseWatch && phaseWatch.poll());

  const showStatus = (state, message) => {
    status.dataset.state = state;
    status.textContent = state === "error" ? `${messages.not_saved}: ${message}` : messages[state];
  };
  const sync = createSync(config, {
    onStatus(state, message) { if (open) showStatus(state, message); },
    async onConflict() {
      const response = await fetch(config.draftUrl, { headers: { Accept: "application/json" } });
      if (response.ok) model.replace(await response.json());
      status.dataset.state = "saved";
      status.textContent = messages.conflict;
    },
    onClosed(body) { applyPhase({ phase: body.phase, message: body.message }); },
  });

  // The server's draft wins unless this tablet holds a newer one (made offline): push that.
  const local = sync.stored();
  const newerLocal = local && local.version > config.draft.version;
  const model = createModel(newerLocal ? local : config.draft, config.statements, config.columns);

  const board = createBoard(app.querySelector('[data-js="sort-board"]'), model, cards, messages, announce);
  const presort = createPresort(app.querySelector('[data-js="presort"]'), model, cards, messages, announce);
  const comments = createComments(app.querySelector('[data-js="sort-comments"]'), model, config.columns);
  const review = createReview(app.querySelector('[data-js="sort-review"]'), model, cards, sync, config, comments.collect);

  function currentStep() {
    const step = model.state.step;
    return (step === "comments" || step === "review") && !model.complete() ? "grid" : step;
  }

  function show() {
    const step = currentStep();
    app.dataset.step = step;
    app.querySelectorAll("[data-step-panel]").forEach((panel) => { panel.hidden = panel.dataset.stepPanel !== step; });
    board.render();
    presort.render();
    if (step === "comments") comments.render();
    if (step === "review") review.render();
  }

  function focusStep(step) {
    if (step === "grid") { board.focusFirst(); return; }
    const panel = app.querySelector(`[data-step-panel="${step}"]`);
    const target = panel.querySelector("h1") || panel.querySelector("button:not([disabled])");
    if (target.tagName === "H1") target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }

  // Sorting closed (or not yet open): say what is stored, keep everything, take no moves.
  function applyPhase(body) {
    if (body.status === "submitted") { window.location.assign(config.thanksUrl); return; }
    open = body.phase === "sorting";
    if (open) timer.update(body); else timer.stop();
    steps.inert = !open;
    app.classList.toggle("is-closed", !open);
    if (open) {
      if (!banner.hidden) { banner.hidden = true; showStatus("saved"); sync.resume(); }
    } else {
      sync.pause();
      board.select(null);
      const text = body.message + (sync.unsaved() ? ` ${messages.kept_here}` : "");
      if (banner.hidden || banner.textContent !== text) banner.textContent = text;
      banner.hidden = false;
      showStatus("paused");
    }
    if (open && body.version !== undefined) sync.reconcile(body.version);
  }

  app.addEventListener("click", (event) => {
    const go = event.target.closest("[data-go]");
    if (!go || go.disabled) return;
    if (model.state.step === "comments") comments.collect();
    review.clearError();
    model.setStep(go.dataset.go);
    window.scrollTo(0, 0);
    focusStep(currentStep());
  });

  model.subscribe((state, detail) => {
    if (detail.kind === "step" || detail.kind === "move" || detail.kind === "replace") show();
    if (detail.kind === "step") announce(messages[`step_${currentStep()}`]);
    if (detail.kind !== "replace") sync.save(state, { text: detail.kind === "comment" || detail.kind === "free_choice" });
  });

  show();
  if (!open) sync.pause(); // a newer copy made on this tablet waits for sorting to reopen
  if (newerLocal) sync.save(model.state);
  applyPhase({ phase: config.phase, message: banner.textContent.trim(), timer_ends_at: config.timer_ends_at, auto_close: config.auto_close });
  phaseWatch = watchPhase(config, sync, applyPhase);
  if (open && currentStep() !== "grid") focusStep(currentStep()); // the grid: no scroll on load
  app.dataset.ready = "true";
}

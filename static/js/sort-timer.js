// The facilitator's countdown on the tablet, in the sort bar. With "close sorting when the
// timer ends" the last minute shows a warning, and at zero the phase is asked for at once (the
// server closes sorting on that request; the phase watch then shows what is saved).
const WARN_S = 60;

export function createTimer(el, warning, messages, onZero) {
  let endsAt = null;
  let autoClose = false;
  let fired = false;

  function render() {
    if (endsAt === null) { el.hidden = true; warning.hidden = true; return; }
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    el.hidden = false;
    el.textContent = messages.time_left.replace("{time}", `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`);
    el.classList.toggle("ending", left <= WARN_S);
    const warn = autoClose && left <= WARN_S;
    if (warning.hidden === warn) warning.hidden = !warn;
    if (warn && warning.textContent !== messages.closing_soon) warning.textContent = messages.closing_soon;
    if (autoClose && left === 0 && !fired) { fired = true; onZero(); }
  }

  setInterval(render, 1000);
  return {
    update(body) {
      if (!("timer_ends_at" in body)) return;
      const next = body.timer_ends_at ? Date.parse(body.timer_ends_at) : null;
      if (next !== endsAt) fired = false;
      endsAt = next;
      autoClose = Boolean(body.auto_close);
      render();
    },
    stop() { endsAt = null; render(); },
  };
}

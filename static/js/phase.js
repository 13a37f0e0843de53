// Watches the clinic's phase for the sort page: polls the small status endpoint every 2 s while
// the page is visible (at once when it becomes visible again), so a tablet learns within about
// 2 s that the facilitator closed or reopened sorting. An accepted autosave counts as a poll
// (sorting was open then), so a tablet in use polls less, which counts with 300 in a room.

const POLL_MS = 2000;

export function watchPhase(config, sync, onStatus) {
  let timer = null;

  async function poll() {
    clearTimeout(timer);
    const known = sync.sinceConfirmed(); // sorting was open when that save was taken
    if (known < POLL_MS) { later(POLL_MS - known); return; }
    try {
      const response = await fetch(config.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (response.ok) onStatus(await response.json());
    } catch { /* offline: the sync status already says so; ask again */ }
    later(POLL_MS);
  }

  function later(ms) {
    clearTimeout(timer);
    if (document.visibilityState !== "hidden") timer = setTimeout(poll, ms);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") clearTimeout(timer);
    else poll();
  });
  later(POLL_MS);
  return { poll };
}

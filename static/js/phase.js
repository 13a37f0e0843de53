// Watches the clinic's phase for the sort page: polls the small status endpoint every 2 s while
// the page is visible (at once when it becomes visible again), so a tablet learns within about
// 2 s that the facilitator closed or reopened sorting. A poll is skipped when an autosave was
// accepted within the interval: sorting was open then, and a room of 300 tablets asks less.

const POLL_MS = 2000;

export function watchPhase(config, sync, onStatus) {
  let timer = null;

  async function poll() {
    clearTimeout(timer);
    if (sync.confirmedWithin(POLL_MS)) { later(); return; }
    try {
      const response = await fetch(config.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (response.ok) onStatus(await response.json());
    } catch { /* offline: the sync status already says so; ask again */ }
    later();
  }

  function later() {
    clearTimeout(timer);
    if (document.visibilityState !== "hidden") timer = setTimeout(poll, POLL_MS);
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") clearTimeout(timer);
    else poll();
  });
  later();
  return { poll };
}

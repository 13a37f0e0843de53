// The lobby: poll the phase every few seconds and move on when the facilitator opens sorting.
const root = document.querySelector('[data-js="sort-wait"]');
if (root) {
  const poll = async () => {
    try {
      const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (response.ok && (await response.json()).phase !== "lobby") {
        window.location.reload();
        return;
      }
    } catch { /* offline: try again */ }
    setTimeout(poll, 3000);
  };
  setTimeout(poll, 3000);
}

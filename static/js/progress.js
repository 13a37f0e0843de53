// Live partials: every [data-js="poll"] re-fetches its data-url every data-interval ms and
// swaps its content when the server's ETag changed (a 304 costs nothing). Also drives the
// projector's countdown ([data-js="countdown"] with data-ends-at). No state on the server side
// beyond the database, so any worker can answer.
const countdowns = () => {
  for (const el of document.querySelectorAll('[data-js="countdown"]')) {
    const left = Math.max(0, Math.round((Date.parse(el.dataset.endsAt) - Date.now()) / 1000));
    const text = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle("ending", left <= 60);
  }
};

const poll = (box) => {
  const interval = Number(box.dataset.interval || 2500);
  let etag = null;
  const tick = async () => {
    try {
      const headers = { Accept: "text/html" };
      if (etag) headers["If-None-Match"] = etag;
      const response = await fetch(box.dataset.url, { headers, cache: "no-store", credentials: "same-origin" });
      if (response.status === 200) {
        etag = response.headers.get("ETag");
        box.innerHTML = await response.text();
        box.dispatchEvent(new CustomEvent("poll:updated", { bubbles: true }));
        countdowns();
      }
      box.classList.toggle("offline", !response.ok && response.status !== 304);
    } catch {
      box.classList.add("offline"); // keep the last picture; try again next tick
    }
    setTimeout(tick, document.hidden ? interval * 4 : interval);
  };
  setTimeout(tick, interval);
};

document.querySelectorAll('[data-js="poll"]').forEach(poll);
countdowns();
setInterval(countdowns, 1000);

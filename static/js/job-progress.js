// Shows the progress of a background job ([data-js="job-progress"], data-url = its JSON
// state) and reloads the page when the job has finished, so the page shows its outcome.
const POLL_MS = 1000;

for (const box of document.querySelectorAll('[data-js="job-progress"]')) {
  const bar = box.querySelector("progress");
  const percent = box.querySelector("[data-job-percent]");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.url, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const job = await response.json();
        if (percent) {
          bar.value = Math.round(100 * job.progress);
          percent.textContent = `${bar.value}%`;
        }
        if (job.finished) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // The network dropped for a moment: the next poll tries again.
    }
    window.setTimeout(poll, POLL_MS);
  };
  window.setTimeout(poll, POLL_MS / 2);
}

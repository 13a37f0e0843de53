// Autosave: every change is written to localStorage at once and sent to the server as the
// whole draft with its version (the server keeps only newer versions). Moves go out at once;
// typed text goes out after a short pause (the model and localStorage already hold every
// keystroke), and anything pending is sent with `keepalive` when the page is hidden or left.
// Offline or failing saves stay queued and are retried on the "online" event and every few
// seconds; a 400 CSRF answer fetches a fresh token and retries. While sorting is closed the
// queue is kept and sent when it reopens. Submit carries an idempotency key kept in
// localStorage, so a retry after a dropped connection gets the same receipt.

const RETRY_MS = 4000;
const TEXT_PAUSE_MS = 1500;

export function createSync(config, { onStatus, onConflict, onClosed }) {
  const storageKey = config.storageKey;
  let pending = null;
  let pendingIsText = false;
  let last = null; // the newest state stored on this tablet
  let inflight = false;
  let paused = false;
  let timer = null;
  let confirmedAt = 0;

  const token = () => document.querySelector('meta[name="csrf-token"]').content;
  const headers = () => ({ "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token() });

  async function refreshToken() {
    const response = await fetch(config.csrfUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json();
    document.querySelector('meta[name="csrf-token"]').content = body.csrf_token;
  }

  async function post(url, payload, retried = false) {
    const response = await fetch(url, { method: "POST", credentials: "same-origin", headers: headers(), body: JSON.stringify(payload) });
    const body = await response.json().catch(() => ({}));
    if (response.status === 400 && body.error === "csrf" && !retried) {
      await refreshToken();
      return post(url, payload, true);
    }
    return { response, body };
  }

  function store(state) {
    try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch { /* private mode: server copy only */ }
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(flush, ms);
  }

  async function flush() {
    clearTimeout(timer);
    if (inflight || !pending || paused) return;
    inflight = true;
    const sent = pending;
    onStatus("saving");
    try {
      const { response, body } = await post(config.draftUrl, sent);
      if (response.ok) {
        confirmedAt = Date.now();
        if (pending === sent) pending = null;
        onStatus(pending ? "saving" : "saved");
      } else if (response.status === 409 && body.error === "closed") {
        paused = true; // keep it: it is sent when sorting reopens
        onClosed(body);
      } else if (response.status === 409 && body.error === "stale") {
        pending = null;
        onConflict(body);
      } else if (response.status >= 500 || response.status === 429) {
        onStatus("offline");
        schedule(RETRY_MS);
      } else {
        if (pending === sent) pending = null;
        onStatus("error", body.message, body);
      }
    } catch {
      onStatus("offline");
      schedule(RETRY_MS);
    } finally {
      inflight = false;
    }
    if (pending && pending !== sent && !paused) schedule(pendingIsText ? TEXT_PAUSE_MS : 0);
  }

  // The page is being hidden or left: send what is pending now, even if the page goes away.
  function sendBeforeLeaving() {
    if (!pending || paused) return;
    clearTimeout(timer);
    try {
      fetch(config.draftUrl, { method: "POST", keepalive: true, credentials: "same-origin", headers: headers(), body: JSON.stringify(pending) });
      pending = null; // if it was lost, reconcile() re-sends it when the page is seen again
    } catch { /* a keepalive body over the browser's limit: the normal retry sends it */ }
  }

  window.addEventListener("online", () => flush());
  window.addEventListener("pagehide", sendBeforeLeaving);
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "hidden") sendBeforeLeaving(); });

  return {
    save(state, { text = false } = {}) {
      const copy = JSON.parse(JSON.stringify(state));
      store(copy);
      last = copy;
      pending = copy;
      pendingIsText = text;
      if (text) { if (!inflight) schedule(TEXT_PAUSE_MS); } else flush();
    },
    stored() {
      try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch { return null; }
    },
    flush,
    idle() { return !pending && !inflight; },
    unsaved() { return Boolean(pending) || inflight; },
    pause() { paused = true; clearTimeout(timer); },
    resume() { paused = false; flush(); },
    // The server's version is older than what this tablet stored: send the stored copy again.
    reconcile(serverVersion) {
      if (last && serverVersion < last.version && !pending && !inflight) { pending = last; flush(); }
    },
    sinceConfirmed() { return Date.now() - confirmedAt; },
    async submit(state) {
      const keyName = `${storageKey}:submit-key`;
      let key = localStorage.getItem(keyName);
      if (!key) { key = newKey(); localStorage.setItem(keyName, key); }
      clearTimeout(timer);
      const { response, body } = await post(config.submitUrl, { idempotency_key: key, draft: state });
      if (response.ok) {
        pending = null;
        localStorage.removeItem(storageKey);
      } else if (response.status === 409 && body.error === "closed") {
        paused = true;
        onClosed(body);
      }
      return { ok: response.ok, status: response.status, body };
    },
  };
}

// crypto.randomUUID needs a secure context; a workshop LAN may serve plain http.
function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

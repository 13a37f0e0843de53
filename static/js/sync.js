// Autosave: every change is written to localStorage at once and sent to the server as the
// whole draft with its version (the server keeps only newer versions). Offline or failing
// saves stay queued and are retried on the "online" event and every few seconds; a 400 CSRF
// answer fetches a fresh token and retries. Submit carries an idempotency key kept in
// localStorage, so a retry after a dropped connection gets the same receipt.

const RETRY_MS = 4000;

export function createSync(config, { onStatus, onConflict }) {
  const storageKey = config.storageKey;
  let pending = null;
  let inflight = false;
  let timer = null;

  const token = () => document.querySelector('meta[name="csrf-token"]').content;

  async function refreshToken() {
    const response = await fetch(config.csrfUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    const body = await response.json();
    document.querySelector('meta[name="csrf-token"]').content = body.csrf_token;
  }

  async function post(url, payload, retried = false) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token() },
      body: JSON.stringify(payload),
    });
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
    if (inflight || !pending) return;
    inflight = true;
    const sent = pending;
    onStatus("saving");
    try {
      const { response, body } = await post(config.draftUrl, sent);
      if (response.ok) {
        if (pending === sent) pending = null;
        onStatus(pending ? "saving" : "saved");
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
    if (pending && pending !== sent) flush();
  }

  window.addEventListener("online", () => flush());

  return {
    save(state) {
      const copy = JSON.parse(JSON.stringify(state));
      store(copy);
      pending = copy;
      flush();
    },
    stored() {
      try { return JSON.parse(localStorage.getItem(storageKey) || "null"); } catch { return null; }
    },
    flush,
    idle() { return !pending && !inflight; },
    async submit(state) {
      const keyName = `${storageKey}:submit-key`;
      let key = localStorage.getItem(keyName);
      if (!key) { key = newKey(); localStorage.setItem(keyName, key); }
      const { response, body } = await post(config.submitUrl, { idempotency_key: key, draft: state });
      if (response.ok) {
        pending = null;
        localStorage.removeItem(storageKey);
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

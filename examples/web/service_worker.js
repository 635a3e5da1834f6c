// The web app's service worker: shows the server's Web Push notifications
// (push.webpush encrypts {id, category, title, body, conversation_id,
// call_id, badge, data, created_at}; the browser decrypts it) and opens the
// conversation when one is clicked. It sits at the app's root so that its
// scope covers the whole app.

/** What is shown when the server hides the content (push.hidden_content). */
const FALLBACK_TEXT = {
  message: "New message",
  call: "Incoming call",
  missed_call: "Missed call",
};

self.addEventListener("push", (event) => {
  event.waitUntil(show(event.data ? event.data.json() : {}));
});

/** @param {any} push */
async function show(push) {
  const tag = push.call_id || push.conversation_id || "switchboard";
  // A call that stopped ringing takes its ringing notification away.
  if (push.category === "call_dismiss") {
    for (const n of await self.registration.getNotifications({ tag })) n.close();
    return;
  }
  // A tab on screen shows the message or the call itself. (The server pushes
  // to this browser even while a tab is connected: each tab is a device of
  // its own, the push subscription belongs to the browser.)
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  if (windows.some((w) => w.visibilityState === "visible")) return;
  const title = push.title || FALLBACK_TEXT[push.category] || "Switchboard";
  await self.registration.showNotification(title, {
    body: push.body || "",
    tag,
    renotify: true,
    icon: "favicon.svg",
    requireInteraction: push.category === "call",
    data: { conversation_id: push.conversation_id || "", category: push.category || "" },
  });
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(open(event.notification.data?.conversation_id || ""));
});

/**
 * Focuses a window of the app on the conversation, or opens one.
 * @param {string} conversationId
 */
async function open(conversationId) {
  const hash = conversationId ? `#/c/${encodeURIComponent(conversationId)}` : "";
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const existing = windows[0];
  if (!existing) return self.clients.openWindow(new URL(`./${hash}`, self.registration.scope).href);
  existing.postMessage({ type: "open-conversation", conversation_id: conversationId });
  return existing.focus();
}

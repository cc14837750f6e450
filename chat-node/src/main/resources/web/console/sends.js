// What a page sent and the server has not confirmed yet, for the console and the guest page alike. Each item keeps its
// client_message_id until its echo, so sending it again after a reconnect, or on Retry, never stores it twice. An
// item is `sending` (on the wire), `queued` (no connection: sent as soon as there is one) or `failed` (the server
// refused it, or no echo came within NO_ANSWER_MS; Retry is safe).
import { el } from './dom.js';

export const NO_ANSWER_MS = 15000;

function newId() {
  return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}

/** send(command): true when it went out; onChange(): the items changed (render them). */
export function pendingSends(send, isOpen, onChange) {
  const items = new Map(); // client_message_id -> { cmid, command, state, error, sentAt }

  function transmit(item) {
    if (send({ ...item.command, client_message_id: item.cmid })) {
      item.state = 'sending';
      item.sentAt = Date.now();
    } else {
      item.state = 'queued';
    }
    item.error = null;
    onChange();
  }

  setInterval(() => {
    const late = [...items.values()].filter((i) => i.state === 'sending' && isOpen() && Date.now() - i.sentAt > NO_ANSWER_MS);
    late.forEach((item) => {
      item.state = 'failed';
      item.error = 'no answer from the server within ' + NO_ANSWER_MS / 1000 + ' s (Retry is safe: it is never stored twice)';
    });
    if (late.length) onChange();
  }, 1000);

  return {
    /** Queues a command (without its client_message_id) and sends it now if it can. */
    add(command) {
      const item = { cmid: newId(), command, state: 'queued', error: null, sentAt: 0 };
      items.set(item.cmid, item);
      transmit(item);
      return item;
    },
    transmit,
    list: () => [...items.values()],
    /** The echo of an item came (or it was given up): it is no longer pending. */
    remove(cmid) {
      if (items.delete(cmid)) onChange();
    },
    /** The newest item still sending is the one a send error answers (the server answers in order); false if none. */
    failNewest(message) {
      const sending = [...items.values()].filter((i) => i.state === 'sending').sort((a, b) => b.sentAt - a.sentAt)[0];
      if (!sending) return false;
      sending.state = 'failed';
      sending.error = message;
      onChange();
      return true;
    },
    /** A new connection: everything not failed goes out again (with its own client_message_id). */
    connected() {
      items.forEach((item) => { if (item.state !== 'failed') transmit(item); });
    },
    disconnected() {
      items.forEach((item) => { if (item.state === 'sending') item.state = 'queued'; });
      onChange();
    },
  };
}

/** The line under a pending item: its state, and for a failed one the buttons of `actions` ({ Retry: fn, ... }). */
export function sendStateLine(item, actions) {
  const line = el('div', { class: 'send-state' });
  if (item.state === 'sending') line.append('Sending…');
  if (item.state === 'queued') line.append('Not connected: queued, will send when reconnected');
  if (item.state === 'failed') {
    line.append('Not sent: ' + (item.error || 'no answer from the server'));
    Object.entries(actions).forEach(([label, fn]) => {
      const button = el('button', { type: 'button', class: 'secondary ' + label.toLowerCase() }, label);
      button.addEventListener('click', fn);
      line.append(button);
    });
  }
  return line;
}

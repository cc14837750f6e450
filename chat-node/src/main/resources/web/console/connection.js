// The staff WebSocket: connect (rotating over ?nodes= when one fails), reconnect with back-off, resume the open
// conversation after the last message shown, and dispatch events to the modules that registered for them.
//
// A dead connection (the network gone, a laptop lid closed, a NAT that dropped the flow) gives a browser no close
// event for minutes, and ping frames are invisible to scripts. So after PROBE_AFTER_MS without a frame the console
// sends a cheap command whose answer it awaits; no answer within ANSWER_WITHIN_MS and the socket is given up and a
// new one opened (about 10 s in all). The protocol has no ping command yet, so the probe is one that changes nothing:
// subscribe_conversation to the conversation already subscribed (answers `subscribed`), else unsubscribe_conversation
// of a listed conversation that is not open (answers `unsubscribed`), else an unknown type (answers `error`, hidden).
import { state, emit, on } from './store.js';
import { $ } from './dom.js';

const PROBE_AFTER_MS = 4000;
const ANSWER_WITHIN_MS = 5000;
const handlers = new Map();
let ws = null;
let nodeIndex = 0;
let backoff = 500;
let retryTimer = null;
let onRevoked = () => {};
let lastHeard = 0;
let probeSentAt = 0;
let subscribed = null; // the conversation this socket was asked to subscribe

/** fn(data, event) for every event of that type. */
export function onEvent(type, fn) {
  if (!handlers.has(type)) handlers.set(type, []);
  handlers.get(type).push(fn);
}

export function whenRevoked(fn) {
  onRevoked = fn;
}

const STATES = { connected: 'connected', connecting: 'connecting…', offline: 'no connection: retrying' };

function setState(kind) {
  $('state').textContent = STATES[kind];
  $('state').className = kind;
}

export function isOpen() {
  return ws !== null && ws.readyState === WebSocket.OPEN;
}

export function connect() {
  clearTimeout(retryTimer);
  if (ws && ws.readyState === WebSocket.CONNECTING) return;
  if (!navigator.onLine) setState('offline');
  else setState('connecting');
  const origin = state.nodes[nodeIndex % state.nodes.length].replace(/^http/, 'ws');
  const socket = new WebSocket(origin + '/ws/chat/?token=' + encodeURIComponent(state.token));
  ws = socket;
  subscribed = null;
  probeSentAt = 0;
  socket.onopen = () => {
    setState('connected');
    backoff = 500;
    lastHeard = Date.now();
    if (state.open) subscribe(state.open, state.lastId);
    emit('connected');
  };
  socket.onmessage = (e) => {
    lastHeard = Date.now();
    const event = JSON.parse(e.data);
    if (probeSentAt && event.type === 'error' && /'ping'/.test(event.message)) {
      probeSentAt = 0;
      return; // the answer to a probe, not a failure
    }
    probeSentAt = 0;
    (handlers.get(event.type) || []).forEach((fn) => fn(event.data || {}, event));
  };
  socket.onclose = (e) => {
    if (ws !== socket) return;
    ws = null;
    if (e.code === 4401) return onRevoked();
    lost(navigator.onLine ? 'connecting' : 'offline');
  };
}

/** The socket is gone (closed, or silent past the probe's deadline): tell the modules and try again. */
function lost(kind) {
  setState(kind);
  emit('disconnected');
  nodeIndex++;
  retryTimer = setTimeout(connect, backoff);
  backoff = Math.min(backoff * 2, 5000);
}

function giveUp() {
  const socket = ws;
  ws = null;
  probeSentAt = 0;
  socket.onopen = socket.onmessage = socket.onclose = null;
  try { socket.close(4000, 'no answer'); } catch (ignored) { /* already closing */ }
  lost('offline');
}

function probeCommand() {
  if (subscribed !== null) return { type: 'subscribe_conversation', conversation_id: subscribed };
  const other = [...(state.conversations || new Map()).keys()].find((id) => id !== state.open);
  if (other !== undefined) return { type: 'unsubscribe_conversation', conversation_id: other };
  return { type: 'ping' };
}

function probe() {
  if (!isOpen()) return;
  probeSentAt = Date.now();
  ws.send(JSON.stringify(probeCommand()));
}

on('left', () => { subscribed = null; }); // a transfer ended the subscription on the server

setInterval(() => {
  if (!isOpen()) return;
  const now = Date.now();
  if (probeSentAt && now - probeSentAt > ANSWER_WITHIN_MS) giveUp();
  else if (!probeSentAt && now - lastHeard > PROBE_AFTER_MS) probe();
}, 1000);

window.addEventListener('offline', () => {
  if (isOpen() && !probeSentAt) probe(); // the next answer decides; a socket that still works keeps going
  if (!isOpen()) setState('offline');
});
window.addEventListener('online', () => {
  if (!ws) {
    backoff = 500;
    connect();
  }
});

export function disconnect() {
  const socket = ws;
  ws = null;
  if (socket) socket.close();
}

/** Sends a command if the socket is open; false when it is not (the caller decides what waits for a reconnect). */
export function send(command) {
  if (isOpen()) {
    ws.send(JSON.stringify(command));
    return true;
  }
  return false;
}

export function subscribe(id, lastMessageId) {
  const command = { type: 'subscribe_conversation', conversation_id: id };
  if (lastMessageId) command.last_message_id = lastMessageId;
  if (send(command)) subscribed = id;
}

/** Leaving a conversation: the socket stops following it. */
export function unsubscribe(id) {
  if (subscribed === id) subscribed = null;
  send({ type: 'unsubscribe_conversation', conversation_id: id });
}

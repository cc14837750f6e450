// The staff WebSocket: connect (rotating over ?nodes= when one fails), reconnect with back-off, resume the open
// conversation after the last message shown, and dispatch events to the modules that registered for them.
//
// A dead connection (the network gone, a laptop lid closed, a NAT that dropped the flow) gives a browser no close
// event for minutes, and ping frames are invisible to scripts. So the heartbeat (heartbeat.js) sends the protocol's
// `ping` after a few quiet seconds and gives the socket up when nothing answers: a new one is opened (about 10 s in
// all). Errors go to the module that registered for their sentence (onError), the rest to the status line.
import { state, emit } from './store.js';
import { $, notice } from './dom.js';
import { heartbeat } from './heartbeat.js';

const handlers = new Map();
const errorHandlers = [];
let ws = null;
let nodeIndex = 0;
let backoff = 500;
let retryTimer = null;
let onRevoked = () => {};
const beat = heartbeat(() => ws, () => giveUp());

/** fn(data, event) for every event of that type. */
export function onEvent(type, fn) {
  if (!handlers.has(type)) handlers.set(type, []);
  handlers.get(type).push(fn);
}

/** fn(message) for an `error` whose sentence matches `pattern`; it answers false when it was not its to handle. */
export function onError(pattern, fn) {
  errorHandlers.push({ pattern, fn });
}

function dispatchError(message) {
  if (!errorHandlers.some((h) => h.pattern.test(message) && h.fn(message) !== false)) notice('Error: ' + message);
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
  socket.onopen = () => {
    setState('connected');
    backoff = 500;
    beat.heard();
    if (state.open) subscribe(state.open, state.lastId);
    emit('connected');
  };
  socket.onmessage = (e) => {
    beat.heard();
    const event = JSON.parse(e.data);
    if (event.type === 'pong') return;
    if (event.type === 'error') dispatchError(event.message);
    else (handlers.get(event.type) || []).forEach((fn) => fn(event.data || {}, event));
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
  socket.onopen = socket.onmessage = socket.onclose = null;
  try { socket.close(4000, 'no answer'); } catch (ignored) { /* already closing */ }
  lost('offline');
}

window.addEventListener('offline', () => {
  if (isOpen()) beat.probe(); // the answer decides: a socket that still works keeps going
  else setState('offline');
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
  send(command);
}

/** Leaving a conversation: the socket stops following it. */
export function unsubscribe(id) {
  send({ type: 'unsubscribe_conversation', conversation_id: id });
}

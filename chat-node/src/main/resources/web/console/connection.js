// The staff WebSocket: connect (rotating over ?nodes= when one fails), reconnect with back-off, resume the open
// conversation after the last message shown, and dispatch events to the modules that registered for them.
import { state, emit } from './store.js';
import { $ } from './dom.js';

const handlers = new Map();
let ws = null;
let nodeIndex = 0;
let backoff = 500;
let onRevoked = () => {};

/** fn(data, event) for every event of that type. */
export function onEvent(type, fn) {
  if (!handlers.has(type)) handlers.set(type, []);
  handlers.get(type).push(fn);
}

export function whenRevoked(fn) {
  onRevoked = fn;
}

function setState(text) {
  $('state').textContent = text;
  $('state').className = text;
}

export function isOpen() {
  return ws !== null && ws.readyState === WebSocket.OPEN;
}

export function connect() {
  setState('connecting');
  const origin = state.nodes[nodeIndex % state.nodes.length].replace(/^http/, 'ws');
  const socket = new WebSocket(origin + '/ws/chat/?token=' + encodeURIComponent(state.token));
  ws = socket;
  socket.onopen = () => {
    setState('connected');
    backoff = 500;
    if (state.open) subscribe(state.open, state.lastId);
    emit('connected');
  };
  socket.onmessage = (e) => {
    const event = JSON.parse(e.data);
    (handlers.get(event.type) || []).forEach((fn) => fn(event.data || {}, event));
  };
  socket.onclose = (e) => {
    if (ws !== socket) return;
    setState('connecting');
    emit('disconnected');
    if (e.code === 4401) return onRevoked();
    nodeIndex++;
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 5000);
  };
}

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

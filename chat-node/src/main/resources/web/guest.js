// The guest web chat: a token from the link (#token=...), the guest's own conversation. Every (re)connection asks for
// what came after the last message shown (the whole history on the first one), so nothing said while the phone slept
// or the train was in a tunnel is lost, and nothing is shown twice. A dead connection (no close for minutes on a phone
// that lost its network) is seen by the heartbeat within about 10 s, and the page connects again.
//
// What the guest writes stays on the page as sending…, queued (no connection: it goes when there is one) or failed
// with Retry, until its echo. The guest's socket never carries client_message_id, so the echo is recognised by what it
// says: the oldest pending message with the same text and files.
import { render, createTray } from '/media.js';
import { el } from '/console/dom.js';
import { heartbeat } from '/console/heartbeat.js';
import { messageBox } from '/console/textbox.js';
import { pendingSends, sendStateLine } from '/console/sends.js';

const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const seen = new Set();
let lastId = 0;
let ws = null;
let backoff = 500;
let retryTimer = null;
let typingSentAt = 0;
let typingTimer = null;

const isOpen = () => ws !== null && ws.readyState === WebSocket.OPEN;
const beat = heartbeat(() => ws, () => giveUp());
const outbox = pendingSends((command) => isOpen() && (ws.send(JSON.stringify(command)), true), isOpen, () => renderOutbox());

function setState(kind) {
  $('state').textContent = { connected: 'connected', connecting: 'connecting…', offline: 'no connection: retrying' }[kind] || kind;
  $('state').className = kind;
}

function scrollToEnd() {
  $('thread-body').scrollTop = $('thread-body').scrollHeight;
}

function add(m) {
  if (seen.has(m.id)) return;
  seen.add(m.id);
  lastId = Math.max(lastId, m.id);
  const who = el('div', { class: 'who' }, (m.sender_type === 'guest' ? 'You' : m.sender_name) + ' · '
    + new Date(m.created_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  const node = el('div', { class: 'msg ' + m.sender_type, 'data-id': m.id }, who, m.content);
  const media = render(m, () => token);
  if (media) node.append(media);
  $('messages').append(node);
  if (m.sender_type === 'guest') confirm(m);
  scrollToEnd();
}

/** The oldest pending message that says what this echo says is the one it confirms. */
function confirm(m) {
  const files = (m.attachments || []).map((a) => a.id).join();
  const item = outbox.list().find((i) => i.command.content === m.content && (i.command.attachments || []).join() === files);
  if (item) outbox.remove(item.cmid);
}

function renderOutbox() {
  $('outbox').replaceChildren(...outbox.list().map((item) => el('li', { class: 'outgoing ' + item.state, 'data-cmid': item.cmid },
    el('div', { class: 'who' }, 'You'), item.command.content,
    item.command.attachments ? el('div', { class: 'muted small' }, item.command.attachments.length + ' file(s)') : null,
    sendStateLine(item, { Retry: () => outbox.transmit(item), Discard: () => { outbox.remove(item.cmid); $('text').focus(); } }))));
  scrollToEnd();
}

function connect() {
  clearTimeout(retryTimer);
  if (!token) {
    setState('no link');
    return;
  }
  setState(navigator.onLine ? 'connecting' : 'offline');
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/guest/?token=' + encodeURIComponent(token)
    + '&last_message_id=' + lastId);
  ws = socket;
  socket.onopen = () => {
    setState('connected');
    backoff = 500;
    beat.heard();
    outbox.connected();
  };
  socket.onmessage = (e) => {
    beat.heard();
    const event = JSON.parse(e.data);
    if (event.type === 'message') add(event.data);
    if (event.type === 'typing') {
      clearTimeout(typingTimer);
      $('typing').textContent = event.data.is_typing ? event.data.user_name + ' is typing…' : '';
      typingTimer = setTimeout(() => ($('typing').textContent = ''), 6000);
    }
    if (event.type === 'error' && !outbox.failNewest(event.message)) $('typing').textContent = event.message;
  };
  socket.onclose = () => {
    if (ws === socket) lost(navigator.onLine ? 'connecting' : 'offline');
  };
}

function lost(kind) {
  ws = null;
  setState(kind);
  outbox.disconnected();
  retryTimer = setTimeout(connect, backoff);
  backoff = Math.min(backoff * 2, 5000);
}

/** Nothing answered the heartbeat: the socket is dead though no close came; a new one resumes after lastId. */
function giveUp() {
  const socket = ws;
  socket.onopen = socket.onmessage = socket.onclose = null;
  try { socket.close(4000, 'no answer'); } catch (ignored) { /* already closing */ }
  lost('offline');
}

window.addEventListener('offline', () => { if (isOpen()) beat.probe(); });
window.addEventListener('online', () => {
  if (!ws) {
    backoff = 500;
    connect();
  }
});

// Photos and files: uploaded when chosen, sent with the next message.
const tray = createTray($('tray'), () => token, () => update());
const box = messageBox($('text'), $('counter'), $('composer'), submit);

function update() {
  $('send').disabled = box.update() || tray.busy();
}

function submit(e) {
  e?.preventDefault();
  const content = $('text').value;
  const attachments = tray.ids();
  if (box.refused() || tray.busy() || (!content.trim() && !attachments.length)) return;
  outbox.add({ type: 'text', content, ...(attachments.length ? { attachments } : {}) });
  tray.clear();
  box.clear();
  update();
  $('text').focus();
}

$('composer').addEventListener('submit', submit);
$('attach-file').addEventListener('change', () => {
  [...$('attach-file').files].forEach((f) => tray.add(f));
  $('attach-file').value = '';
});
$('text').addEventListener('input', () => {
  box.grow();
  update();
  if (isOpen() && Date.now() - typingSentAt > 3000) {
    ws.send(JSON.stringify({ type: 'typing', is_typing: true }));
    typingSentAt = Date.now();
  }
});

connect();

// The composer: replies (with files) and private notes, typing, and the '/' canned-reply picker. A reply is kept
// with its client_message_id until the server's echo and sent again after a reconnect, so it is never stored twice.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { createTray } from '/media.js';
import { onEvent, send } from './connection.js';

const pending = new Map(); // client_message_id -> { conversation_id, content, attachments }
let tray = null;
let typingSentAt = 0;
let idleTimer = null;

function newId() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
}

function sendText(cmid, p) {
  const command = { type: 'text', conversation_id: p.conversation_id, content: p.content, client_message_id: cmid };
  if (p.attachments.length) command.attachments = p.attachments;
  send(command);
}

function submit(e) {
  e.preventDefault();
  const content = $('text').value;
  const attachments = $('note-mode').checked ? [] : tray.ids();
  if ((!content.trim() && !attachments.length) || !state.open || tray.busy()) return;
  const cmid = newId();
  $('canned-picker').classList.add('hidden');
  if ($('note-mode').checked) {
    send({ type: 'note', conversation_id: state.open, content, client_message_id: cmid });
    $('text').value = '';
    return;
  }
  const p = { conversation_id: state.open, content, attachments };
  pending.set(cmid, p); // re-sent with the same id after a reconnect: never stored twice
  sendText(cmid, p);
  $('text').value = '';
  tray.clear();
  send({ type: 'typing', conversation_id: state.open, is_typing: false });
  typingSentAt = 0;
}

function typed() {
  showCannedPicker();
  const now = Date.now();
  if (now - typingSentAt > 3000) {
    send({ type: 'typing', conversation_id: state.open, is_typing: true });
    typingSentAt = now;
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    send({ type: 'typing', conversation_id: state.open, is_typing: false });
    typingSentAt = 0;
  }, 4000);
}

async function loadCanned() {
  state.canned = (await api('GET', '/chat/canned-replies/')).canned_replies;
}

function showCannedPicker() {
  const text = $('text').value;
  const picker = $('canned-picker');
  if (!text.startsWith('/') || text.includes(' ')) {
    picker.classList.add('hidden');
    return;
  }
  const prefix = text.slice(1);
  const seen = new Set();
  const matches = state.canned.filter((r) => r.code.startsWith(prefix) && !seen.has(r.code) && seen.add(r.code));
  picker.replaceChildren(...matches.map((r, i) => {
    const li = el('li', { 'data-code': r.code, 'aria-selected': String(i === 0) }, el('strong', {}, '/' + r.code), ' ', r.text.slice(0, 80));
    li.addEventListener('click', () => useCanned(r.code));
    return li;
  }));
  picker.classList.toggle('hidden', matches.length === 0);
}

async function useCanned(code) {
  $('canned-picker').classList.add('hidden');
  const r = await api('GET', '/chat/conversations/' + state.open + '/canned-replies/' + encodeURIComponent(code));
  $('text').value = r.text;
  $('text').focus();
}

export function initComposer() {
  tray = createTray($('tray'), () => state.token, () => { $('send').disabled = tray.busy(); });
  $('attach-file').addEventListener('change', () => {
    [...$('attach-file').files].forEach((f) => tray.add(f));
    $('attach-file').value = '';
  });
  $('composer').addEventListener('submit', submit);
  $('text').addEventListener('input', typed);
  $('text').addEventListener('keydown', (e) => {
    const first = document.querySelector('#canned-picker:not(.hidden) li[aria-selected=true]');
    if (e.key === 'Enter' && first) {
      e.preventDefault();
      useCanned(first.dataset.code);
    }
  });
  on('opening', () => loadCanned());
  on('connected', () => pending.forEach((p, cmid) => sendText(cmid, p)));
  onEvent('message', (m) => {
    pending.forEach((p, cmid) => { if (p.content === m.content && m.sender_name === state.user.name) pending.delete(cmid); });
  });
}

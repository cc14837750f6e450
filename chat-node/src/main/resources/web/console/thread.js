// The open conversation: its history (paged backwards, or around a search hit), live messages in id order with no
// duplicates, typing, mark read, and leaving it when it is closed or transferred away.
import { state, emit, on } from './store.js';
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { render as renderMedia } from '/media.js';
import { onEvent, send, subscribe } from './connection.js';

let seen = new Set();
let oldest = null;
let hit = null;
let typingTimer = null;

// What only makes sense with a conversation open.
export function showThreadControls(shown) {
  ['composer', 'older', 'close-conversation', 'guest-link', 'desk-tools', 'profile']
    .forEach((id) => $(id).classList.toggle('hidden', !shown));
}

export async function openConversation(c, aroundId) {
  if (state.open && state.open !== c.id) send({ type: 'unsubscribe_conversation', conversation_id: state.open });
  state.open = c.id;
  state.current = c;
  seen = new Set();
  state.lastId = 0;
  oldest = null;
  $('messages').replaceChildren();
  notice('');
  $('thread-title').textContent = c.guest_name + ' · room ' + (c.guest_info ? c.guest_info.room_number : '');
  showThreadControls(true);
  emit('opening', c);
  hit = aroundId || null;
  const { messages, conversation } = await api('GET', '/chat/conversations/' + c.id + '/messages/?limit=50'
    + (aroundId ? '&around_id=' + aroundId : ''));
  messages.slice().reverse().forEach(addMessage);
  if (conversation) emit('conversation', { ...c, ...conversation });
  subscribe(c.id, state.lastId);
  markRead();
  emit('opened', c);
  $('text').focus();
}

export function leaveThread(note) {
  state.open = null;
  state.current = null;
  showThreadControls(false);
  notice(note);
  emit('left');
}

export function addMessage(m) {
  if (seen.has(m.id)) return;
  seen.add(m.id);
  const node = el('div', { class: 'msg ' + m.sender_type + (m.private ? ' note' : '') + (m.id === hit ? ' hit' : ''), 'data-id': m.id },
    el('div', { class: 'who' }, m.sender_name + ' · ' + new Date(m.created_at).toLocaleTimeString()), m.content);
  const media = renderMedia(m, () => state.token);
  if (media) node.append(media);
  const box = $('messages');
  const after = [...box.children].find((n) => Number(n.dataset.id) > m.id);
  box.insertBefore(node, after || null);
  state.lastId = Math.max(state.lastId, m.id);
  oldest = oldest === null ? m.id : Math.min(oldest, m.id);
  if (m.id === hit) node.scrollIntoView({ block: 'center' });
  else if (!after && !hit) box.scrollTop = box.scrollHeight;
}

export function markRead() {
  if (state.open && document.visibilityState === 'visible') send({ type: 'mark_read', conversation_id: state.open });
}

function showTyping(t) {
  clearTimeout(typingTimer);
  notice(t.is_typing ? t.user_name + ' is typing…' : '');
  if (t.is_typing) typingTimer = setTimeout(() => notice(''), 6000);
}

export function initThread() {
  $('older').addEventListener('click', async () => {
    if (!state.open || oldest === null) return;
    const { messages } = await api('GET', '/chat/conversations/' + state.open + '/messages/?limit=50&before_id=' + oldest);
    messages.forEach(addMessage);
    if (messages.length === 0) $('older').classList.add('hidden');
  });
  document.addEventListener('visibilitychange', markRead);
  onEvent('message', (m) => {
    if (m.conversation_id === state.open) {
      addMessage(m);
      markRead();
    }
  });
  onEvent('typing', (t) => { if (t.conversation_id === state.open) showTyping(t); });
  onEvent('conversation_update', (u) => {
    if (u.type === 'closed' && u.data.id === state.open) notice('This conversation was closed.');
  });
  onEvent('conversation_transferred', (t) => {
    if (t.conversation_id === state.open) leaveThread('Transferred to ' + t.to_department + (t.note ? ': ' + t.note : ''));
  });
  onEvent('error', (data, event) => notice('Error: ' + event.message));
  $('close-conversation').addEventListener('click', () => send({ type: 'close_conversation', conversation_id: state.open }));
  $('guest-link').addEventListener('click', async () => {
    const r = await api('POST', '/chat/guest-tokens/', { conversation_id: state.open });
    $('typing').replaceChildren('Guest link: ', el('a', { href: r.url, id: 'guest-url' }, r.url));
  });
  on('conversation', (c) => { state.current = c; });
}

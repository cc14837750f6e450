// The open conversation: its history (paged backwards, or around a search hit), live messages in id order with no
// duplicates, private notes marked as such, the timeline's activity entries as lines of their own (timeline.js),
// typing (a colleague writing a note is shown as that), mark read, and leaving it when it is closed or transferred
// away.
import { state, emit, on } from './store.js';
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { render as renderMedia } from '/media.js';
import { onEvent, send, subscribe, unsubscribe } from './connection.js';
import { activityNode } from './timeline.js';
import { applySnapshot } from './versions.js';

const PAGE = 50;
let seen = new Set();
let oldest = null;
let hit = null;
let typingTimer = null;

// What only makes sense with a conversation open.
function showThreadControls(shown) {
  ['composer', 'desk-tools', 'profile', 'guest-panel-button'].forEach((id) => $(id).classList.toggle('hidden', !shown));
  if (!shown) $('older').classList.add('hidden');
}

/** Scrolled to the newest message (or near it): new ones keep it there; reading older ones is not disturbed. */
function atBottom() {
  const box = $('thread-body');
  return box.scrollHeight - box.scrollTop - box.clientHeight < 80;
}

export function scrollToEnd() {
  const box = $('thread-body');
  box.scrollTop = box.scrollHeight;
}

export async function openConversation(c, aroundId) {
  if (state.open && state.open !== c.id) unsubscribe(state.open);
  c = { ...c, ...(state.conversations?.get(c.id) || {}) }; // what the console holds is current; a search hit is not
  state.open = c.id;
  state.current = c;
  seen = new Set();
  state.lastId = 0;
  oldest = null;
  $('messages').replaceChildren();
  notice('');
  showTitle(c);
  showThreadControls(true);
  document.querySelectorAll('#conversation-list .item').forEach((n) =>
    n.setAttribute('aria-current', String(n.parentElement.dataset.id === String(c.id))));
  emit('opening', c);
  hit = aroundId || null;
  const { messages, conversation } = await api('GET', '/chat/conversations/' + c.id + '/messages/?limit=' + PAGE
    + (aroundId ? '&around_id=' + aroundId : ''));
  if (state.open !== c.id) return; // another one was opened meanwhile
  messages.slice().reverse().forEach(addMessage);
  $('older').classList.toggle('hidden', messages.length < PAGE && !aroundId);
  if (conversation) {
    state.current = applySnapshot(conversation, 'history') || state.current; // newer than the list's, or kept
    showTitle(state.current);
  }
  if (!hit) scrollToEnd();
  subscribe(c.id, state.lastId);
  markRead();
  emit('opened', state.current);
}

function showTitle(c) {
  $('thread-title').textContent = (c.guest_name || 'Guest') + ' · room ' + (c.guest_info?.room_number || '?');
}

export function leaveThread(note) {
  state.open = null;
  state.current = null;
  showThreadControls(false);
  $('thread-title').textContent = 'Pick a conversation';
  $('desk-info').textContent = '';
  $('label-chips').replaceChildren();
  notice(note);
  emit('left');
}

function messageNode(m) {
  if (m.activity) return activityNode(m, hit);
  const time = new Date(m.created_at);
  const who = el('div', { class: 'who' });
  if (m.private) who.append(el('span', { class: 'note-tag' }, 'Private note'));
  if (m.template) who.append(el('span', { class: 'template-tag', title: 'WhatsApp template ' + m.template.name }, 'Template'));
  who.append(m.sender_name + ' · ', el('time', { datetime: m.created_at, title: time.toLocaleString() },
    time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  if (m.private) who.append(el('span', { class: 'visually-hidden' }, ' (only staff see this)'));
  const node = el('div', { class: 'msg ' + m.sender_type + (m.private ? ' note' : '') + (m.id === hit ? ' hit' : ''), 'data-id': m.id },
    who, m.content);
  const media = renderMedia(m, () => state.token);
  if (media) node.append(media);
  return node;
}

export function addMessage(m) {
  if (seen.has(m.id)) return;
  seen.add(m.id);
  const stick = atBottom();
  const node = messageNode(m);
  const box = $('messages');
  const after = [...box.children].find((n) => Number(n.dataset.id) > m.id);
  box.insertBefore(node, after || null);
  state.lastId = Math.max(state.lastId, m.id);
  oldest = oldest === null ? m.id : Math.min(oldest, m.id);
  if (m.id === hit) node.scrollIntoView({ block: 'center' });
  else if (!after && stick) {
    scrollToEnd();
    // A photo or a player gets its height when it loads: stay at the newest message.
    node.querySelectorAll('img, video, audio').forEach((media) =>
      media.addEventListener(media.tagName === 'IMG' ? 'load' : 'loadedmetadata', scrollToEnd, { once: true }));
  }
}

export function markRead() {
  if (state.open && document.visibilityState === 'visible') send({ type: 'mark_read', conversation_id: state.open });
}

function showTyping(t) {
  clearTimeout(typingTimer);
  $('typing').classList.toggle('private', Boolean(t.private));
  notice(t.is_typing ? t.user_name + (t.private ? ' is writing a note…' : ' is typing…') : '');
  if (t.is_typing) typingTimer = setTimeout(() => notice(''), 6000);
}

async function older() {
  if (!state.open || oldest === null) return;
  const box = $('thread-body');
  const fromBottom = box.scrollHeight - box.scrollTop;
  const { messages } = await api('GET', '/chat/conversations/' + state.open + '/messages/?limit=' + PAGE + '&before_id=' + oldest);
  const keep = hit;
  hit = null;
  messages.forEach(addMessage);
  hit = keep;
  box.scrollTop = box.scrollHeight - fromBottom; // the message that was at the top stays in view
  if (messages.length < PAGE) $('older').classList.add('hidden');
}

export function initThread() {
  $('older').addEventListener('click', older);
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
  $('close-conversation').addEventListener('click', () => send({ type: 'close_conversation', conversation_id: state.open }));
  $('guest-link').addEventListener('click', async () => {
    const r = await api('POST', '/chat/guest-tokens/', { conversation_id: state.open });
    $('typing').replaceChildren('Guest link: ', el('a', { href: r.url, id: 'guest-url' }, r.url));
  });
  on('state', ({ conversation }) => {
    if (conversation.id !== state.open) return;
    state.current = conversation;
    showTitle(conversation);
  });
}

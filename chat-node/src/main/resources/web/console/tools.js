// Search with marked hits (each opens the conversation at that message), and the guest profile panel.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { openConversation } from './thread.js';

function highlighted(snippet) {
  // ts_headline marks matches with « »; shown with <mark>, every piece as text.
  const node = el('span', {});
  snippet.split(/(«[^»]*»)/).forEach((part) => node.append(part.startsWith('«') ? el('mark', {}, part.slice(1, -1)) : part));
  return node;
}

async function search(e) {
  e.preventDefault();
  const q = $('search').value.trim();
  $('search-clear').classList.toggle('hidden', !q);
  if (!q) {
    $('search-results').replaceChildren();
    return;
  }
  try {
    const r = await api('GET', '/chat/search/?q=' + encodeURIComponent(q));
    const guests = r.guests.map((g) => {
      const li = el('li', { 'data-conversation': g.conversation_id }, el('strong', {}, g.guest_name),
        ' · room ' + (g.room_number || '?') + ' · ' + g.department + ' · ' + g.status);
      li.addEventListener('click', () => openConversation({ id: g.conversation_id, guest_name: g.guest_name,
        department: g.department, guest_info: { room_number: g.room_number } }));
      return li;
    });
    const hits = r.hits.map((h) => {
      const li = el('li', { 'data-message': h.message_id }, el('div', {}, el('strong', {}, h.guest_name),
        ' · ' + h.sender_name + (h.private_note ? ' · note' : '') + ' · ' + new Date(h.created_at).toLocaleString()),
        highlighted(h.snippet));
      li.addEventListener('click', () => openConversation({ id: h.conversation_id, guest_name: h.guest_name,
        department: h.department, guest_info: { room_number: '' } }, h.message_id));
      return li;
    });
    $('search-results').replaceChildren(...guests, ...hits);
    if (guests.length + hits.length === 0) $('search-results').replaceChildren(el('li', {}, 'Nothing found'));
  } catch (err) {
    $('search-results').replaceChildren(el('li', { class: 'error' }, err.message));
  }
}

function fillProfile(g) {
  $('profile-name').value = g.name || '';
  $('profile-room').value = g.room_number || '';
  $('profile-check-in').value = g.check_in || '';
  $('profile-check-out').value = g.check_out || '';
  $('profile-language').value = g.language || '';
  $('profile-notes').value = g.notes || '';
}

async function loadProfile(id) {
  try {
    fillProfile(await api('GET', '/chat/conversations/' + id + '/guest/'));
    $('profile-state').textContent = '';
  } catch (err) {
    $('profile-state').textContent = err.message;
  }
}

async function saveProfile(e) {
  e.preventDefault();
  const value = (id) => ($(id).value.trim() === '' ? null : $(id).value.trim());
  try {
    fillProfile(await api('PATCH', '/chat/conversations/' + state.open + '/guest/', { name: $('profile-name').value.trim(),
      room_number: value('profile-room'), check_in: value('profile-check-in'), check_out: value('profile-check-out'),
      language: value('profile-language'), notes: value('profile-notes') }));
    $('profile-state').textContent = 'Saved';
  } catch (err) {
    $('profile-state').textContent = err.message;
  }
}

export function initTools() {
  $('search-form').addEventListener('submit', search);
  $('search-clear').addEventListener('click', () => {
    $('search').value = '';
    $('search-results').replaceChildren();
    $('search-clear').classList.add('hidden');
    $('search').focus();
  });
  $('profile').addEventListener('submit', saveProfile);
  on('opened', (c) => {
    loadProfile(c.id);
  });
  on('state', ({ conversation, type, data }) => {
    if (type === 'guest_updated' && conversation.id === state.open) fillProfile(data.guest); // newer than what is shown
  });
}

// The conversation list: the queue's tabs and filters, live unread counts, assignee and waiting time.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { labelChip } from './labels.js';
import { openConversation } from './thread.js';
import { renderAlerts } from './alerts.js';
import { showDeskInfo, waitingText } from './desk.js';

let queue = '';
let timer = null;

export function refreshListSoon() {
  clearTimeout(timer);
  timer = setTimeout(loadConversations, 150);
}

export async function loadConversations() {
  const query = [queue, $('status-filter').value ? 'status=' + $('status-filter').value : '',
    $('label-filter').value ? 'label=' + encodeURIComponent($('label-filter').value) : ''].filter(Boolean).join('&');
  const { conversations } = await api('GET', '/chat/conversations/' + (query ? '?' + query : ''));
  $('conversation-list').replaceChildren(...conversations.map((c) => {
    if (c.id === state.open) showDeskInfo(c);
    if (!c.waiting_since) state.alerts.delete(c.id); // answered: the alert is over
    return item(c);
  }));
  renderAlerts();
}

function item(c) {
  const stay = (c.guest_info.check_out ? ' · until ' + c.guest_info.check_out : '') + (c.guest_info.language ? ' · ' + c.guest_info.language : '');
  const title = el('div', {}, el('strong', {}, c.guest_name), ' · room ' + (c.guest_info.room_number || '?') + stay + ' · ' + c.department);
  if (c.unread_count > 0) title.append(el('span', { class: 'badge', 'aria-label': c.unread_count + ' unread' }, c.unread_count));
  if (c.status !== 'active') title.append(el('span', { class: 'chip ' + c.status }, c.status));
  if (c.unread_mentions > 0) title.append(el('span', { class: 'mention-badge', 'aria-label': c.unread_mentions + ' mentions' }, '@' + c.unread_mentions));
  (c.labels || []).forEach((l) => title.append(labelChip(l)));
  const desk = el('div', {}, el('span', { class: 'assignee' }, c.assignee ? '→ ' + c.assignee.name : 'unassigned'));
  if (c.waiting_since) desk.append(el('span', { class: 'waiting', 'data-since': c.waiting_since }, waitingText(c.waiting_since)));
  const li = el('li', { tabindex: '0', role: 'button', 'aria-selected': String(c.id === state.open), 'data-id': c.id,
    class: state.alerts.has(c.id) ? 'alerted' : '' }, title, desk, el('div', { class: 'preview' }, c.last_message_preview || ''));
  li.addEventListener('click', () => openConversation(c));
  li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openConversation(c); } });
  return li;
}

export function initList() {
  document.querySelectorAll('#queue-tabs button').forEach((tab) => tab.addEventListener('click', () => {
    queue = tab.dataset.queue;
    document.querySelectorAll('#queue-tabs button').forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
    loadConversations();
  }));
  $('status-filter').addEventListener('change', loadConversations);
  $('label-filter').addEventListener('change', loadConversations);
  on('opened', () => loadConversations());
  on('connected', () => loadConversations());
}

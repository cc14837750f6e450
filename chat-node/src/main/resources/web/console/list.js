// The conversation list: the queue's tabs (All, Unassigned, Mine, Waiting, Snoozed) and filters, live unread
// counts, last message time, assignee and waiting time. Snoozed conversations stay out of the other tabs until
// their snooze ends (the server makes them active again) unless the status filter asks for them.
//
// The rows are what the console holds of each conversation (state.conversations, kept by versions.js: the REST list
// and every state event, the newest version winning), filtered and ordered here as the server filters and orders the
// list. So a state event changes, adds or removes its row at once, and a list read that was overtaken by an event
// cannot bring an older state back.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el, shortTime } from './dom.js';
import { labelChip } from './labels.js';
import { openConversation } from './thread.js';
import { renderAlerts, transferText } from './alerts.js';
import { showDeskInfo, waitingText } from './desk.js';
import { applySnapshot } from './versions.js';

let queue = '';
let timer = null;
state.conversations = new Map();

export function refreshListSoon() {
  clearTimeout(timer);
  timer = setTimeout(loadConversations, 150);
}

/** Whether the current tab and filters show the conversation (what the server's list query asks). */
function shows(c) {
  const status = $('status-filter').value;
  const label = $('label-filter').value;
  const tab = new URLSearchParams(queue);
  if (!state.user.departments.includes(c.department)) return false;
  if (tab.get('status') ? c.status !== tab.get('status') : status ? c.status !== status : c.status === 'snoozed') return false;
  if (tab.get('assignee') === 'none' && c.assignee) return false;
  if (tab.get('assignee') === 'me' && c.assignee?.id !== state.user.id) return false;
  if (tab.get('sort') === 'waiting' && !c.waiting_since) return false;
  return !label || (c.labels || []).some((l) => l.name === label);
}

const activity = (c) => c.last_message_at || c.created_at;

function order(a, b) {
  if (queue === 'sort=waiting') return a.waiting_since.localeCompare(b.waiting_since) || a.id - b.id;
  return activity(b).localeCompare(activity(a)) || b.id - a.id;
}

export async function loadConversations() {
  const status = $('status-filter').value;
  const snoozedTab = queue === 'status=snoozed';
  const query = [queue, status && !snoozedTab ? 'status=' + status : '',
    $('label-filter').value ? 'label=' + encodeURIComponent($('label-filter').value) : ''].filter(Boolean).join('&');
  const { conversations } = await api('GET', '/chat/conversations/' + (query ? '?' + query : ''));
  conversations.forEach((c) => applySnapshot(c, 'list'));
  if (state.conversations.has(state.open)) showDeskInfo(state.conversations.get(state.open)); // the wait, if it moved
  renderList();
}

/** The rows, from what the console holds. */
function renderList() {
  const shown = [...state.conversations.values()].filter(shows).sort(order);
  const focusedId = document.activeElement?.closest?.('#conversation-list li')?.dataset.id; // kept over the refresh
  $('conversation-list').replaceChildren(...shown.map((c) => {
    if (!c.waiting_since) state.alerts.delete(c.id); // answered: the alert is over
    return item(c);
  }));
  if (focusedId) document.querySelector(`#conversation-list li[data-id="${focusedId}"] .item`)?.focus();
  $('list-empty').classList.toggle('hidden', shown.length > 0);
  renderAlerts();
}

function item(c) {
  const g = c.guest_info || {};
  const row1 = el('div', { class: 'row1' }, el('span', { class: 'name' }, c.guest_name),
    el('span', { class: 'room' }, 'room ' + (g.room_number || '?')));
  if (c.unread_count > 0) row1.append(el('span', { class: 'badge', 'aria-label': c.unread_count + ' unread' }, c.unread_count));
  if (c.unread_mentions > 0) row1.append(el('span', { class: 'mention-badge', 'aria-label': c.unread_mentions + ' mentions' }, '@' + c.unread_mentions));
  const at = c.last_message_at || c.created_at;
  row1.append(el('time', { datetime: at, title: new Date(at).toLocaleString() }, shortTime(at)));
  const row3 = el('div', { class: 'row3' }, el('span', { class: 'assignee' }, c.assignee ? '→ ' + c.assignee.name : 'unassigned'),
    el('span', { class: 'muted' }, '· ' + c.department + (g.check_out ? ' · until ' + g.check_out : '') + (g.language ? ' · ' + g.language : '')));
  if (c.status !== 'active') row3.append(el('span', { class: 'chip ' + c.status },
    c.status + (c.status === 'snoozed' && c.snoozed_until ? ' until ' + shortTime(c.snoozed_until) : '')));
  if (c.waiting_since) row3.append(el('span', { class: 'waiting', 'data-since': c.waiting_since }, waitingText(c.waiting_since)));
  (c.labels || []).forEach((l) => row3.append(labelChip(l)));
  const open = el('div', { class: 'item', tabindex: '0', role: 'button', 'aria-current': String(c.id === state.open) },
    row1, el('div', { class: 'preview' }, c.last_message_preview || ''), row3);
  const arrived = state.alerts.get('t' + c.id); // transferred here: the note until it is opened
  if (arrived) open.append(el('div', { class: 'transfer-note' }, transferText(arrived)));
  const li = el('li', { 'data-id': c.id, 'data-version': c.version, class: state.alerts.has(c.id) ? 'alerted' : '' }, open);
  li.addEventListener('click', () => openConversation(c));
  open.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openConversation(c);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      (e.key === 'ArrowDown' ? li.nextElementSibling : li.previousElementSibling)?.querySelector('.item').focus();
    }
  });
  return li;
}

function selectTab(tab) {
  queue = tab.dataset.queue;
  document.querySelectorAll('#queue-tabs [role=tab]').forEach((t) => {
    t.setAttribute('aria-selected', String(t === tab));
    t.tabIndex = t === tab ? 0 : -1;
  });
  $('status-filter').disabled = queue === 'status=snoozed';
  loadConversations();
}

export function initList() {
  const tabs = [...document.querySelectorAll('#queue-tabs [role=tab]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectTab(tab));
    tab.addEventListener('keydown', (e) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (to === undefined) return;
      e.preventDefault();
      const next = tabs[(to + tabs.length) % tabs.length];
      next.focus();
      selectTab(next);
    });
  });
  $('status-filter').addEventListener('change', loadConversations);
  $('label-filter').addEventListener('change', loadConversations);
  on('opened', () => loadConversations());
  on('connected', () => loadConversations());
  on('state', renderList);
}

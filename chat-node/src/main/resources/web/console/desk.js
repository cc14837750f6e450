// The desk's actions on the open conversation: assign, status (pending, active, snooze), transfer; and the
// conversation's state line with the guest's waiting time counting up.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { send } from './connection.js';

export function waitingText(since) {
  const seconds = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 1000));
  const m = Math.floor(seconds / 60);
  return 'waiting ' + (m >= 60 ? Math.floor(m / 60) + 'h ' + (m % 60) + 'm' : m + ':' + String(seconds % 60).padStart(2, '0'));
}

export function showDeskInfo(c) {
  state.current = c;
  const info = $('desk-info');
  info.replaceChildren(c.status + (c.snoozed_until ? ' until ' + new Date(c.snoozed_until).toLocaleString() : '')
    + ' · ' + (c.assignee ? 'assigned to ' + c.assignee.name : 'unassigned'));
  if (c.waiting_since) info.append(' · ', el('span', { class: 'waiting', 'data-since': c.waiting_since }, waitingText(c.waiting_since)));
  if ($('assignee').options.length) $('assignee').value = c.assignee ? String(c.assignee.id) : '';
}

async function loadDeskChoices(c) {
  const { departments } = await api('GET', '/chat/departments/'); // read each time: admins add departments
  $('transfer-to').replaceChildren(...departments.filter((d) => d.name !== c.department)
    .map((d) => el('option', { value: d.name }, d.name)));
  const { members } = await api('GET', '/chat/departments/' + encodeURIComponent(c.department) + '/members/');
  state.members = members;
  $('assignee').replaceChildren(el('option', { value: '' }, 'Unassigned'),
    ...members.map((m) => el('option', { value: String(m.id) }, m.name + (m.online ? ' (online)' : ''))));
  $('assignee').value = c.assignee ? String(c.assignee.id) : '';
}

const deskCommand = (command) => send({ conversation_id: state.open, ...command });

export function initDesk() {
  setInterval(() => {
    document.querySelectorAll('.waiting[data-since]').forEach((n) => (n.textContent = waitingText(n.dataset.since)));
  }, 1000);
  on('opening', (c) => {
    showDeskInfo(c);
    loadDeskChoices(c).catch((err) => notice('Error: ' + err.message));
  });
  on('conversation', showDeskInfo);
  $('assign-me').addEventListener('click', () => deskCommand({ type: 'assign_conversation', user_id: state.user.id }));
  $('assignee').addEventListener('change', () =>
    deskCommand({ type: 'assign_conversation', user_id: $('assignee').value ? Number($('assignee').value) : null }));
  $('mark-pending').addEventListener('click', () => deskCommand({ type: 'set_conversation_status', status: 'pending' }));
  $('mark-active').addEventListener('click', () => deskCommand({ type: 'set_conversation_status', status: 'active' }));
  $('snooze').addEventListener('click', () => {
    if (!$('snooze-until').value) return;
    deskCommand({ type: 'set_conversation_status', status: 'snoozed', snoozed_until: new Date($('snooze-until').value).toISOString() });
  });
  $('transfer').addEventListener('click', () => {
    const note = $('transfer-note').value.trim();
    deskCommand({ type: 'transfer_conversation', department: $('transfer-to').value, ...(note ? { note } : {}) });
    $('transfer-note').value = '';
  });
}

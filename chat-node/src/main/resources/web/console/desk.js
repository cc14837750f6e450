// The desk's actions on the open conversation, in a compact toolbar: "Assign to me", a Status menu (active,
// pending, snooze presets, snooze until… in a dialog), and More (assign to…, transfer…, guest link, close).
// The state line under the title says the status, the assignee and how long the guest has waited.
//
// Every action is conditional on the version the console shows (expected_version): when someone else changed the
// conversation meanwhile, the server changes nothing and says so; the console then says it plainly, reads the
// conversation again and lets the agent decide anew, rather than overwrite what a colleague just did.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { send, onError } from './connection.js';
import { menuButton } from './menu.js';
import { openDialog } from './dialog.js';
import { applySnapshot, expected } from './versions.js';

export const CHANGED_MEANWHILE = /changed meanwhile/;

export function waitingText(since) {
  const seconds = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 1000));
  const m = Math.floor(seconds / 60);
  return 'waiting ' + (m >= 60 ? Math.floor(m / 60) + 'h ' + (m % 60) + 'm' : m + ':' + String(seconds % 60).padStart(2, '0'));
}

export function showDeskInfo(c) {
  state.current = c;
  const info = $('desk-info');
  info.replaceChildren(c.status + (c.snoozed_until && c.status === 'snoozed' ? ' until ' + new Date(c.snoozed_until).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '')
    + ' · ' + (c.assignee ? 'assigned to ' + c.assignee.name : 'unassigned') + ' · ' + c.department);
  if (c.waiting_since) info.append(' · ', el('span', { class: 'waiting', 'data-since': c.waiting_since }, waitingText(c.waiting_since)));
  $('mark-active').disabled = c.status === 'active';
  $('mark-pending').disabled = c.status === 'pending';
  $('assign-me').disabled = Boolean(c.assignee && c.assignee.id === state.user.id);
}

async function loadDeskChoices(c) {
  const { departments } = await api('GET', '/chat/departments/'); // read each time: admins add departments
  $('transfer-to').replaceChildren(...departments.filter((d) => d.name !== c.department)
    .map((d) => el('option', { value: d.name }, d.name)));
  const { members } = await api('GET', '/chat/departments/' + encodeURIComponent(c.department) + '/members/');
  state.members = members;
  $('assignee').replaceChildren(el('option', { value: '' }, 'Nobody (unassigned)'),
    ...members.map((m) => el('option', { value: String(m.id) }, m.name + (m.online ? ' (online)' : ''))));
}

const deskCommand = (command) => {
  $('desk-notice').textContent = '';
  send({ conversation_id: state.open, ...command, ...expected(state.open) });
};

/** Someone changed the open conversation before this agent's action reached the server: nothing was changed. */
export async function changedMeanwhile() {
  const id = state.open;
  if (!id) return false;
  $('desk-notice').textContent = 'Someone changed this conversation meanwhile, so your change was not made. It now '
    + 'shows what is current: look again and choose.';
  const { conversation } = await api('GET', '/chat/conversations/' + id + '/messages/?limit=1');
  applySnapshot(conversation, 'reread');
  return true;
}
const snooze = (until) => deskCommand({ type: 'set_conversation_status', status: 'snoozed', snoozed_until: until.toISOString() });

function localInputValue(date) {
  return new Date(date.getTime() - date.getTimezoneOffset() * 60e3).toISOString().slice(0, 16);
}

export function initDesk() {
  setInterval(() => {
    document.querySelectorAll('.waiting[data-since]').forEach((n) => (n.textContent = waitingText(n.dataset.since)));
  }, 1000);
  on('opening', (c) => {
    showDeskInfo(c);
    loadDeskChoices(c).catch((err) => notice('Error: ' + err.message));
  });
  on('state', ({ conversation }) => { if (conversation.id === state.open) showDeskInfo(conversation); });
  on('opening', () => { $('desk-notice').textContent = ''; });
  onError(CHANGED_MEANWHILE, () => { changedMeanwhile().catch((err) => notice('Error: ' + err.message)); });
  menuButton($('status-menu-button'));
  menuButton($('more-menu-button'));
  $('assign-me').addEventListener('click', () => deskCommand({ type: 'assign_conversation', user_id: state.user.id }));
  $('mark-pending').addEventListener('click', () => deskCommand({ type: 'set_conversation_status', status: 'pending' }));
  $('mark-active').addEventListener('click', () => deskCommand({ type: 'set_conversation_status', status: 'active' }));
  $('snooze-hour').addEventListener('click', () => snooze(new Date(Date.now() + 3600e3)));
  $('snooze-tomorrow').addEventListener('click', () => {
    const t = new Date();
    t.setDate(t.getDate() + 1);
    t.setHours(9, 0, 0, 0);
    snooze(t);
  });
  $('snooze-open').addEventListener('click', () => {
    const input = $('snooze-until');
    input.min = localInputValue(new Date());
    if (!input.value) input.value = localInputValue(new Date(Date.now() + 3 * 3600e3));
    openDialog($('snooze-dialog'), $('status-menu-button'), (result) => {
      if (result === 'ok' && input.value) snooze(new Date(input.value));
    });
  });
  $('assign-open').addEventListener('click', () => {
    $('assignee').value = state.current && state.current.assignee ? String(state.current.assignee.id) : '';
    openDialog($('assign-dialog'), $('more-menu-button'), (result) => {
      if (result === 'ok') deskCommand({ type: 'assign_conversation', user_id: $('assignee').value ? Number($('assignee').value) : null });
    });
  });
  $('transfer-open').addEventListener('click', () => {
    openDialog($('transfer-dialog'), $('more-menu-button'), (result) => {
      const note = $('transfer-note').value.trim();
      if (result === 'ok' && $('transfer-to').value) {
        deskCommand({ type: 'transfer_conversation', department: $('transfer-to').value, ...(note ? { note } : {}) });
      }
      $('transfer-note').value = '';
    });
  });
}

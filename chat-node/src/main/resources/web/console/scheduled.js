// Scheduled messages of the open conversation: a list above the composer (what goes when; Cancel until it goes; a
// failed one with why), kept current by the `scheduled_message` events; and "Schedule…", which sends the composer's
// text at a chosen time instead of now. Templates are scheduled from the template dialog (templates.js).
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { onEvent } from './connection.js';
import { openDialog } from './dialog.js';

let items = new Map(); // id -> scheduled message of the open conversation

const LABELS = { scheduled: 'goes', sent: 'sent', failed: 'failed', cancelled: 'cancelled' };

function when(iso) {
  return new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function row(s) {
  const what = s.kind === 'template' ? el('span', { class: 'template-tag' }, 'Template') : null;
  const line = el('li', { class: 'scheduled-item ' + s.status, 'data-id': s.id },
    el('div', { class: 'scheduled-when' }, el('strong', {}, LABELS[s.status] + ' ' + when(s.send_at)),
      s.journey_rule_id ? ' · automatic' : ' · ' + s.sender_name),
    el('div', { class: 'scheduled-content' }, what, s.content));
  if (s.status === 'failed' && s.failure) line.append(el('div', { class: 'error small' }, s.failure));
  if (s.status === 'scheduled') {
    const cancel = el('button', { type: 'button', class: 'secondary small', 'aria-label': 'Cancel the message scheduled for ' + when(s.send_at) }, 'Cancel');
    cancel.addEventListener('click', async () => {
      try {
        show(await api('DELETE', '/chat/scheduled/' + s.id));
      } catch (err) {
        $('scheduled-error').textContent = err.message;
      }
    });
    line.append(cancel);
  }
  return line;
}

/** Pending ones, and the ones that failed (they need someone's eye); sent and cancelled ones leave the list. */
function render() {
  const shown = [...items.values()].filter((s) => s.status === 'scheduled' || s.status === 'failed')
    .sort((a, b) => new Date(a.send_at) - new Date(b.send_at));
  $('scheduled').classList.toggle('hidden', shown.length === 0);
  const pending = shown.filter((s) => s.status === 'scheduled').length;
  $('scheduled-summary').textContent = 'Scheduled (' + pending + ')'
    + (shown.length > pending ? ' · ' + (shown.length - pending) + ' failed' : '');
  $('scheduled-list').replaceChildren(...shown.map(row));
}

function show(s) {
  if (s.conversation_id !== state.open) return;
  items.set(s.id, s);
  render();
}

async function load(id) {
  try {
    const { scheduled } = await api('GET', '/chat/conversations/' + id + '/scheduled/');
    if (state.open !== id) return;
    items = new Map(scheduled.map((s) => [s.id, s]));
  } catch (err) {
    items = new Map();
  }
  render();
}

/** A time a little ahead, as the datetime-local input takes it (local time, minutes). */
function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours())
    + ':' + pad(date.getMinutes());
}

function openSchedule() {
  $('schedule-text').value = $('text').value;
  $('schedule-at').value = localInput(new Date(Date.now() + 3600e3));
  $('schedule-error').textContent = '';
  openDialog($('schedule-dialog'), $('schedule-open'));
}

async function schedule(e) {
  e.preventDefault();
  try {
    show(await api('POST', '/chat/conversations/' + state.open + '/scheduled/', {
      send_at: new Date($('schedule-at').value).toISOString(), content: $('schedule-text').value }));
    if ($('text').value === $('schedule-text').value) {
      $('text').value = '';
      $('text').dispatchEvent(new Event('input'));
    }
    $('schedule-dialog').close('scheduled');
  } catch (err) {
    $('schedule-error').textContent = err.message;
  }
}

export function initScheduled() {
  $('schedule-open').addEventListener('click', openSchedule);
  $('schedule-form').addEventListener('submit', schedule);
  $('schedule-cancel').addEventListener('click', () => $('schedule-dialog').close('cancel'));
  onEvent('scheduled_message', show);
  on('opening', () => {
    items = new Map();
    $('scheduled-error').textContent = '';
    render();
  });
  on('opened', (c) => load(c.id));
  on('left', () => {
    items = new Map();
    render();
  });
}

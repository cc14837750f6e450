// The conversation's timeline in the thread: an activity entry (a private message whose `activity` says what changed:
// assigned, status, transferred, closed, labels) is a compact centred line with its time, told from its facts (a
// snooze's end in the reader's own time zone, "you" for the reader); a transfer's note is shown under it. A kind this
// console does not know is shown by the entry's own sentence (its `content`).
import { state } from './store.js';
import { el } from './dom.js';

const me = (p) => p && state.user && p.id === state.user.id;
const actor = (p) => (!p ? 'Someone' : me(p) ? 'You' : p.name);
const person = (p) => (me(p) ? 'you' : p.name);
const localTime = (iso) => new Date(iso).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function assigned(a) {
  if (a.automatic) return 'Automatically assigned to ' + person(a.assignee);
  if (a.previous_assignee) return `${actor(a.by)} reassigned this from ${person(a.previous_assignee)} to ${person(a.assignee)}`;
  if (a.by && a.by.id === a.assignee.id) return actor(a.by) + ' took this conversation';
  return `${actor(a.by)} assigned this to ${person(a.assignee)}`;
}

function status(a) {
  if (a.reason === 'snooze_expired') return 'The snooze ended: active again';
  if (a.reason === 'guest_message') {
    return a.previous_status === 'closed' ? 'Reopened by a message from the guest'
      : `Active again: the guest wrote (it was ${a.previous_status})`;
  }
  if (a.status === 'snoozed') return `${actor(a.by)} snoozed this until ${localTime(a.snoozed_until)}`;
  if (a.status === 'pending') return `${actor(a.by)} set this to pending (waiting for the guest)`;
  return a.previous_status === 'closed' ? `${actor(a.by)} reopened this` : `${actor(a.by)} set this to ${a.status}`;
}

const SENTENCES = {
  assigned,
  unassigned: (a) => `${actor(a.by)} unassigned ${person(a.previous_assignee)}`,
  status,
  transferred: (a) => `${actor(a.by)} transferred this from ${a.from_department} to ${a.to_department}`,
  closed: (a) => `${actor(a.by)} closed this conversation`,
  label_added: (a) => `${actor(a.by)} added the label ${a.label.name}`,
  label_removed: (a) => `${actor(a.by)} removed the label ${a.label.name}`,
};

/** What the entry says, in the reader's words; its own sentence for a kind not known here. */
export function describe(m) {
  const tell = SENTENCES[m.activity.kind];
  return tell ? tell(m.activity) : m.content;
}

/** The thread's line for an activity entry (data-id keeps it in id order among the messages). */
export function activityNode(m, hit) {
  const time = new Date(m.created_at);
  const line = el('div', { class: 'line' }, el('span', { class: 'what' }, describe(m)), ' · ',
    el('time', { datetime: m.created_at, title: time.toLocaleString() },
      time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
  const node = el('div', { class: 'activity ' + m.activity.kind + (m.id === hit ? ' hit' : ''), 'data-id': m.id,
    'data-kind': m.activity.kind }, line);
  if (m.activity.kind === 'transferred' && m.activity.note) {
    node.append(el('p', { class: 'transfer-note' }, el('span', { class: 'note-tag' }, 'Transfer note'), m.activity.note));
  }
  return node;
}

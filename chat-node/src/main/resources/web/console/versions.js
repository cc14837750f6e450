// The conversation version rules (asyncapi.yaml, "Conversation versions"), applied in one place. Per conversation the
// console holds the highest version it has seen, from the REST list, the history's `conversation` and every state
// event (new_conversation, closed, conversation_assigned/_status/_transferred/_labels, guest_updated,
// conversation_state); a snapshot at or below it is stale (it was on its way while the list was read) and changes
// nothing. A newer one replaces the conversation's state in state.conversations (its message counts are kept) and is
// announced as 'state' ({ conversation, type, data }): the list, the state line, the labels and the guest panel
// follow that, never the raw events.
import { state, emit } from './store.js';
import { onEvent } from './connection.js';

/** What only a newer version changes: a stale snapshot leaves these as the console holds them. */
const VERSIONED = ['guest_name', 'department', 'status', 'assignee', 'snoozed_until', 'version', 'labels', 'guest_info'];
/** Present only while they apply: a whole state without one says it no longer does. */
const OPTIONAL = ['assignee', 'waiting_since', 'snoozed_until', 'window_expires_at'];

const held = new Map(); // conversation id -> the highest version seen

export function versionOf(id) {
  return held.get(id) || 0;
}

/** A command's expected_version for the conversation, when the console holds one. */
export function expected(id) {
  return versionOf(id) ? { expected_version: versionOf(id) } : {};
}

function merge(known, snapshot) {
  const merged = { ...known, ...snapshot, guest_info: { ...known?.guest_info, ...snapshot.guest_info } };
  if (snapshot.version) OPTIONAL.forEach((f) => { if (!(f in snapshot)) delete merged[f]; });
  return merged;
}

/**
 * A whole state of a conversation: an event's `conversation`, the history's, or a row of the REST list (type 'list').
 * Newer than what is held (or unversioned, seed-shaped): it becomes the conversation's state, is announced as 'state'
 * and answered. At or below it: an event changes nothing (null); a list row brings only what messages change (unread
 * counts, the last message, the guest's wait), which versions do not order, and the conversation as held is answered.
 */
export function applySnapshot(snapshot, type, data) {
  const known = state.conversations.get(snapshot.id);
  if (snapshot.version && snapshot.version <= versionOf(snapshot.id)) {
    if (type !== 'list' || !known) return null;
    const kept = merge(known, snapshot);
    VERSIONED.forEach((f) => { if (f in known) kept[f] = known[f]; else delete kept[f]; });
    state.conversations.set(snapshot.id, kept);
    return kept;
  }
  if (snapshot.version) held.set(snapshot.id, snapshot.version);
  const merged = merge(known, snapshot);
  state.conversations.set(snapshot.id, merged);
  emit('state', { conversation: merged, type, data });
  return merged;
}

/** The snapshot a state event carries (a seed-shaped `closed` without one: what it says). */
const SNAPSHOTS = {
  new_conversation: (d) => d,
  conversation_update: (d) => (d.type === 'closed' ? d.data.conversation || d.data : null),
  conversation_assigned: (d) => d.conversation,
  conversation_status: (d) => d.conversation,
  conversation_transferred: (d) => d.conversation,
  conversation_labels: (d) => d.conversation,
  guest_updated: (d) => ({ ...d.conversation, // the list shows these of the profile too
    guest_info: { ...d.conversation.guest_info, check_out: d.guest.check_out, language: d.guest.language } }),
  conversation_state: (d) => d.conversation,
};

export function initVersions() {
  Object.entries(SNAPSHOTS).forEach(([type, snapshotOf]) => onEvent(type, (data) => {
    const snapshot = snapshotOf(data);
    if (snapshot) applySnapshot(snapshot, type, data);
  }));
}

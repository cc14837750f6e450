// Alerts above the list: guests waiting past their department's threshold, mentions of the user in notes, and
// conversations transferred to the user's department with the transfer's note (also shown on the list's row until
// the conversation is opened).
import { state, on } from './store.js';
import { $, el } from './dom.js';
import { openConversation } from './thread.js';
import { onEvent } from './connection.js';

/** What a transfer into the user's department says: from where, by whom, and its note. */
export function transferText(c) {
  const from = c.transferred_from;
  return 'Transferred from ' + from.department + (from.by ? ' by ' + from.by.name : '') + (from.note ? ': ' + from.note : '');
}

export function renderAlerts() {
  $('alerts').replaceChildren(...[...state.alerts.values()].map((a) => {
    if (a.transfer) {
      const node = el('div', { class: 'alert transfer', 'data-id': a.id, tabindex: '0' }, a.guest_name + ' — ' + transferText(a));
      node.addEventListener('click', () => {
        state.alerts.delete('t' + a.id);
        renderAlerts();
        openConversation(a);
      });
      return node;
    }
    if (a.mention) {
      const node = el('div', { class: 'alert mention', 'data-id': a.conversation_id, tabindex: '0' },
        a.mentioned_by.name + ' mentioned you: ' + a.content.slice(0, 120));
      node.addEventListener('click', () => {
        state.alerts.delete('m' + a.message_id);
        renderAlerts();
        openConversation({ id: a.conversation_id, guest_name: '', department: a.department, guest_info: { room_number: '' } },
          a.message_id);
      });
      return node;
    }
    const minutes = Math.round(a.threshold_seconds / 60);
    const node = el('div', { class: 'alert', 'data-id': a.conversation_id, tabindex: '0' },
      a.guest_name + ' has waited ' + (minutes >= 1 ? 'over ' + minutes + ' min' : a.threshold_seconds + ' s') + ' for an answer'
        + (a.assignee ? ' (' + a.assignee.name + ')' : ''));
    node.addEventListener('click', () => {
      const item = document.querySelector(`#conversation-list li[data-id="${a.conversation_id}"]`);
      if (item) item.click();
    });
    return node;
  }));
}

export function initAlerts(refreshListSoon) {
  onEvent('mention', (m) => {
    state.alerts.set('m' + m.message_id, { mention: true, ...m });
    renderAlerts();
    refreshListSoon();
  });
  onEvent('new_conversation', (c) => {
    if (!c.transferred_from) return;
    state.alerts.set('t' + c.id, { transfer: true, ...c });
    renderAlerts();
    refreshListSoon();
  });
  on('opened', (c) => {
    if (c && state.alerts.delete('t' + c.id)) renderAlerts();
  });
  onEvent('waiting_alert', (w) => {
    state.alerts.set(w.conversation_id, w);
    renderAlerts();
    refreshListSoon();
  });
}

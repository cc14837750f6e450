// Alerts above the list: guests waiting past their department's threshold, and mentions of the user in notes.
import { state } from './store.js';
import { $, el } from './dom.js';
import { openConversation } from './thread.js';
import { onEvent } from './connection.js';

export function renderAlerts() {
  $('alerts').replaceChildren(...[...state.alerts.values()].map((a) => {
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
  onEvent('waiting_alert', (w) => {
    state.alerts.set(w.conversation_id, w);
    renderAlerts();
    refreshListSoon();
  });
}

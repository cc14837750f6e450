// Colleagues online, kept live by user_status events.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { onEvent } from './connection.js';

async function loadPresence() {
  const { online } = await api('GET', '/chat/presence/');
  state.online = new Map(online.map((s) => [s.user_id + ':' + s.department, s]));
  renderOnline();
}

function renderOnline() {
  const names = new Map();
  state.online.forEach((s) => names.set(s.user_id, s.user_name + ' (' + s.department + ')'));
  $('online').replaceChildren(...[...names.values()].map((n) => el('li', {}, n)));
}

export function initPresence() {
  on('connected', () => loadPresence().catch(() => {}));
  onEvent('user_status', (s) => {
    if (s.type === 'user_connected') state.online.set(s.user_id + ':' + s.department, s);
    else state.online.delete(s.user_id + ':' + s.department);
    renderOnline();
  });
}

'use strict';
// The staff console: plain DOM, the same REST and WebSocket API as any client. All user content goes through
// textContent, never innerHTML.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const state = {
  token: sessionStorage.getItem('chat_token'),
  user: JSON.parse(sessionStorage.getItem('chat_user') || 'null'),
  nodes: (params.get('nodes') || location.origin).split(','), // WebSocket origins to rotate over on reconnect
  nodeIndex: 0, ws: null, backoff: 500, open: null, seen: new Set(), lastId: 0, oldest: null,
  pending: new Map(), online: new Map(), typingTimer: null, typingSentAt: 0, idleTimer: null, listTimer: null,
  queue: '', current: null, alerts: new Map(), canned: [], labels: [], hit: null,
};

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && state.token) logout();
  if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
  return data;
}

const el = ChatMedia.el; // one element builder for the whole page (media.js)

function setState(text) {
  $('state').textContent = text;
  $('state').className = text;
}

// ---- login ----
$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    const r = await api('POST', '/auth/login', { username: $('username').value, password: $('password').value });
    state.token = r.token;
    state.user = r.user;
    sessionStorage.setItem('chat_token', r.token);
    sessionStorage.setItem('chat_user', JSON.stringify(r.user));
    start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
$('logout').addEventListener('click', async () => {
  // Revoke the token on the server too, so a copy of it (another tab, a shared machine) stops working.
  await api('POST', '/auth/logout').catch(() => {});
  logout();
});

function logout() {
  sessionStorage.clear();
  state.token = null;
  if (state.ws) state.ws.close();
  location.reload();
}

function start() {
  $('login').classList.add('hidden');
  $('logout').classList.remove('hidden');
  $('me').textContent = state.user.name;
  if (state.user.user_type === 'admin') {
    $('state').classList.add('hidden'); // the admin screens use REST only
    $('admin').classList.remove('hidden');
    loadAdmin();
  } else {
    $('console').classList.remove('hidden');
    loadLabels().catch(() => {});
    loadConversations();
    connect();
  }
}

// ---- WebSocket with reconnect and resume ----
function connect() {
  setState('connecting');
  const origin = state.nodes[state.nodeIndex % state.nodes.length].replace(/^http/, 'ws');
  const ws = new WebSocket(origin + '/ws/chat/?token=' + encodeURIComponent(state.token));
  state.ws = ws;
  ws.onopen = () => {
    setState('connected');
    state.backoff = 500;
    if (state.open) subscribe(state.open, state.lastId);
    state.pending.forEach((pending, cmid) => sendText(cmid, pending));
    loadConversations();
    loadPresence();
  };
  ws.onmessage = (e) => handle(JSON.parse(e.data));
  ws.onclose = (e) => {
    if (state.ws !== ws) return;
    setState('connecting');
    if (e.code === 4401) return logout();
    state.nodeIndex++;
    setTimeout(connect, state.backoff);
    state.backoff = Math.min(state.backoff * 2, 5000);
  };
}

function send(command) {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) {
    state.ws.send(JSON.stringify(command));
    return true;
  }
  return false;
}

function subscribe(id, lastMessageId) {
  const command = { type: 'subscribe_conversation', conversation_id: id };
  if (lastMessageId) command.last_message_id = lastMessageId;
  send(command);
}

function handle(event) {
  const data = event.data || {};
  switch (event.type) {
    case 'message':
      if (data.conversation_id === state.open) {
        addMessage(data);
        markRead();
      }
      state.pending.forEach((p, cmid) => { if (p.content === data.content && data.sender_name === state.user.name) state.pending.delete(cmid); });
      refreshListSoon();
      break;
    case 'new_conversation':
    case 'conversation_update':
      refreshListSoon();
      if (data.type === 'closed' && data.data.id === state.open) $('typing').textContent = 'This conversation was closed.';
      break;
    case 'user_status':
      if (data.type === 'user_connected') state.online.set(data.user_id + ':' + data.department, data);
      else state.online.delete(data.user_id + ':' + data.department);
      renderOnline();
      break;
    case 'typing':
      if (data.conversation_id === state.open) showTyping(data);
      break;
    case 'error':
      $('typing').textContent = 'Error: ' + event.message;
      break;
    case 'conversation_assigned':
    case 'conversation_status':
      refreshListSoon();
      break;
    case 'conversation_transferred':
      refreshListSoon();
      if (data.conversation_id === state.open) leaveThread('Transferred to ' + data.to_department + (data.note ? ': ' + data.note : ''));
      break;
    case 'conversation_labels':
      refreshListSoon();
      if (data.conversation_id === state.open) renderLabelChips(data.labels);
      break;
    case 'guest_updated':
      if (data.conversation_id === state.open) fillProfile(data.guest);
      refreshListSoon();
      break;
    case 'mention':
      state.alerts.set('m' + data.message_id, { mention: true, ...data });
      renderAlerts();
      refreshListSoon();
      break;
    case 'waiting_alert':
      state.alerts.set(data.conversation_id, data);
      renderAlerts();
      refreshListSoon();
      break;
    default:
      break;
  }
}

// ---- conversations ----
function refreshListSoon() {
  clearTimeout(state.listTimer);
  state.listTimer = setTimeout(loadConversations, 150);
}

async function loadConversations() {
  const query = [state.queue, $('status-filter').value ? 'status=' + $('status-filter').value : '',
    $('label-filter').value ? 'label=' + encodeURIComponent($('label-filter').value) : ''].filter(Boolean).join('&');
  const { conversations } = await api('GET', '/chat/conversations/' + (query ? '?' + query : ''));
  const list = $('conversation-list');
  list.replaceChildren(...conversations.map((c) => {
    if (c.id === state.open) showDeskInfo(c);
    if (!c.waiting_since) state.alerts.delete(c.id); // answered: the alert is over
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
  }));
  renderAlerts();
}

// What only makes sense with a conversation open.
function showThreadControls(shown) {
  ['composer', 'older', 'close-conversation', 'guest-link', 'desk-tools', 'profile']
    .forEach((id) => $(id).classList.toggle('hidden', !shown));
}

async function openConversation(c, aroundId) {
  if (state.open && state.open !== c.id) send({ type: 'unsubscribe_conversation', conversation_id: state.open });
  state.open = c.id;
  state.seen = new Set();
  state.lastId = 0;
  state.oldest = null;
  $('messages').replaceChildren();
  $('typing').textContent = '';
  $('thread-title').textContent = c.guest_name + ' · room ' + (c.guest_info ? c.guest_info.room_number : '');
  showThreadControls(true);
  showDeskInfo(c);
  loadDeskChoices(c).catch((err) => ($('typing').textContent = 'Error: ' + err.message));
  state.hit = aroundId || null;
  const { messages, conversation } = await api('GET', '/chat/conversations/' + c.id + '/messages/?limit=50'
    + (aroundId ? '&around_id=' + aroundId : ''));
  messages.slice().reverse().forEach(addMessage);
  if (conversation) showDeskInfo({ ...c, ...conversation });
  loadProfile(c.id);
  loadCanned();
  loadLabels().then(() => renderLabelChips(c.labels || []));
  subscribe(c.id, state.lastId);
  markRead();
  loadConversations();
  $('text').focus();
}

function addMessage(m) {
  if (state.seen.has(m.id)) return;
  state.seen.add(m.id);
  const node = el('div', { class: 'msg ' + m.sender_type + (m.private ? ' note' : '') + (m.id === state.hit ? ' hit' : ''), 'data-id': m.id },
    el('div', { class: 'who' }, m.sender_name + ' · ' + new Date(m.created_at).toLocaleTimeString()), m.content);
  const media = ChatMedia.render(m, () => state.token);
  if (media) node.append(media);
  const box = $('messages');
  const after = [...box.children].find((n) => Number(n.dataset.id) > m.id);
  box.insertBefore(node, after || null);
  state.lastId = Math.max(state.lastId, m.id);
  state.oldest = state.oldest === null ? m.id : Math.min(state.oldest, m.id);
  if (m.id === state.hit) node.scrollIntoView({ block: 'center' });
  else if (!after && !state.hit) box.scrollTop = box.scrollHeight;
}

$('older').addEventListener('click', async () => {
  if (!state.open || state.oldest === null) return;
  const { messages } = await api('GET', '/chat/conversations/' + state.open + '/messages/?limit=50&before_id=' + state.oldest);
  messages.forEach(addMessage);
  if (messages.length === 0) $('older').classList.add('hidden');
});

function markRead() {
  if (state.open && document.visibilityState === 'visible') send({ type: 'mark_read', conversation_id: state.open });
}

// ---- sending and typing ----
function newId() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
}

function sendText(cmid, pending) {
  const command = { type: 'text', conversation_id: state.open, content: pending.content, client_message_id: cmid };
  if (pending.attachments.length) command.attachments = pending.attachments;
  send(command);
}

// Files for the next reply: uploaded as soon as they are chosen, sent with the text (their caption).
const tray = ChatMedia.tray($('tray'), $('attach-file'), $('send'), () => state.token);

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const content = $('text').value;
  const attachments = $('note-mode').checked ? [] : tray.ids();
  if ((!content.trim() && !attachments.length) || !state.open || tray.busy()) return;
  const cmid = newId();
  $('canned-picker').classList.add('hidden');
  if ($('note-mode').checked) {
    send({ type: 'note', conversation_id: state.open, content, client_message_id: cmid });
    $('text').value = '';
    return;
  }
  const pending = { content, attachments };
  state.pending.set(cmid, pending); // re-sent with the same id after a reconnect: never stored twice
  sendText(cmid, pending);
  $('text').value = '';
  tray.clear();
  send({ type: 'typing', conversation_id: state.open, is_typing: false });
  state.typingSentAt = 0;
});

$('text').addEventListener('input', () => {
  showCannedPicker();
  const now = Date.now();
  if (now - state.typingSentAt > 3000) {
    send({ type: 'typing', conversation_id: state.open, is_typing: true });
    state.typingSentAt = now;
  }
  clearTimeout(state.idleTimer);
  state.idleTimer = setTimeout(() => {
    send({ type: 'typing', conversation_id: state.open, is_typing: false });
    state.typingSentAt = 0;
  }, 4000);
});

function showTyping(t) {
  clearTimeout(state.typingTimer);
  $('typing').textContent = t.is_typing ? t.user_name + ' is typing…' : '';
  if (t.is_typing) state.typingTimer = setTimeout(() => ($('typing').textContent = ''), 6000);
}

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

$('close-conversation').addEventListener('click', () => send({ type: 'close_conversation', conversation_id: state.open }));
$('guest-link').addEventListener('click', async () => {
  const r = await api('POST', '/chat/guest-tokens/', { conversation_id: state.open });
  $('typing').replaceChildren('Guest link: ', el('a', { href: r.url, id: 'guest-url' }, r.url));
});
document.addEventListener('visibilitychange', markRead);

// ---- the queue: assignment, status, snooze, transfer, waiting times ----
function waitingText(since) {
  const seconds = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 1000));
  const m = Math.floor(seconds / 60);
  return 'waiting ' + (m >= 60 ? Math.floor(m / 60) + 'h ' + (m % 60) + 'm' : m + ':' + String(seconds % 60).padStart(2, '0'));
}

setInterval(() => {
  document.querySelectorAll('.waiting[data-since]').forEach((n) => (n.textContent = waitingText(n.dataset.since)));
}, 1000);

function showDeskInfo(c) {
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
  $('assignee').replaceChildren(el('option', { value: '' }, 'Unassigned'),
    ...members.map((m) => el('option', { value: String(m.id) }, m.name + (m.online ? ' (online)' : ''))));
  $('assignee').value = c.assignee ? String(c.assignee.id) : '';
}

function leaveThread(note) {
  state.open = null;
  state.current = null;
  showThreadControls(false);
  $('typing').textContent = note;
}

function renderAlerts() {
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

const deskCommand = (command) => send({ conversation_id: state.open, ...command });
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
document.querySelectorAll('#queue-tabs button').forEach((tab) => tab.addEventListener('click', () => {
  state.queue = tab.dataset.queue;
  document.querySelectorAll('#queue-tabs button').forEach((t) => t.setAttribute('aria-selected', String(t === tab)));
  loadConversations();
}));
$('status-filter').addEventListener('change', loadConversations);

// ---- desk tools: labels, canned replies, search, guest profile, mentions ----
function labelChip(l, onRemove) {
  const chip = el('span', { class: 'label-chip', style: 'background:' + l.color }, l.name);
  if (onRemove) {
    const x = el('button', { type: 'button', 'aria-label': 'Remove label ' + l.name }, '×');
    x.addEventListener('click', onRemove);
    chip.append(x);
  }
  return chip;
}

async function loadLabels() {
  state.labels = (await api('GET', '/chat/labels/')).labels;
  const keep = $('label-filter').value;
  $('label-filter').replaceChildren(el('option', { value: '' }, 'Any'), ...state.labels.map((l) => el('option', { value: l.name }, l.name)));
  $('label-filter').value = keep;
  $('label-add').replaceChildren(el('option', { value: '' }, '…'), ...state.labels.map((l) => el('option', { value: String(l.id) }, l.name)));
}

function renderLabelChips(labels) {
  $('label-chips').replaceChildren(...labels.map((l) => labelChip(l, () =>
    api('DELETE', '/chat/conversations/' + state.open + '/labels/' + l.id).then((r) => renderLabelChips(r.labels))
      .catch((err) => ($('typing').textContent = 'Error: ' + err.message)))));
}

$('label-add').addEventListener('change', async () => {
  const id = Number($('label-add').value);
  $('label-add').value = '';
  if (!id) return;
  try {
    renderLabelChips((await api('POST', '/chat/conversations/' + state.open + '/labels/', { label_id: id })).labels);
  } catch (err) {
    $('typing').textContent = 'Error: ' + err.message;
  }
});
$('label-filter').addEventListener('change', loadConversations);

async function loadCanned() {
  state.canned = (await api('GET', '/chat/canned-replies/')).canned_replies;
}

function showCannedPicker() {
  const text = $('text').value;
  const picker = $('canned-picker');
  if (!text.startsWith('/') || text.includes(' ')) {
    picker.classList.add('hidden');
    return;
  }
  const prefix = text.slice(1);
  const seen = new Set();
  const matches = state.canned.filter((r) => r.code.startsWith(prefix) && !seen.has(r.code) && seen.add(r.code));
  picker.replaceChildren(...matches.map((r, i) => {
    const li = el('li', { 'data-code': r.code, 'aria-selected': String(i === 0) }, el('strong', {}, '/' + r.code), ' ', r.text.slice(0, 80));
    li.addEventListener('click', () => useCanned(r.code));
    return li;
  }));
  picker.classList.toggle('hidden', matches.length === 0);
}

async function useCanned(code) {
  $('canned-picker').classList.add('hidden');
  const r = await api('GET', '/chat/conversations/' + state.open + '/canned-replies/' + encodeURIComponent(code));
  $('text').value = r.text;
  $('text').focus();
}

$('text').addEventListener('keydown', (e) => {
  const first = document.querySelector('#canned-picker:not(.hidden) li[aria-selected=true]');
  if (e.key === 'Enter' && first) {
    e.preventDefault();
    useCanned(first.dataset.code);
  }
});

function highlighted(snippet) {
  // ts_headline marks matches with « »; shown with <mark>, every piece as text.
  const node = el('span', {});
  snippet.split(/(«[^»]*»)/).forEach((part) => node.append(part.startsWith('«') ? el('mark', {}, part.slice(1, -1)) : part));
  return node;
}

$('search-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = $('search').value.trim();
  if (!q) {
    $('search-results').replaceChildren();
    return;
  }
  try {
    const r = await api('GET', '/chat/search/?q=' + encodeURIComponent(q));
    const guests = r.guests.map((g) => {
      const li = el('li', { 'data-conversation': g.conversation_id }, el('strong', {}, g.guest_name),
        ' · room ' + (g.room_number || '?') + ' · ' + g.department + ' · ' + g.status);
      li.addEventListener('click', () => openConversation({ id: g.conversation_id, guest_name: g.guest_name,
        department: g.department, guest_info: { room_number: g.room_number } }));
      return li;
    });
    const hits = r.hits.map((h) => {
      const li = el('li', { 'data-message': h.message_id }, el('div', {}, el('strong', {}, h.guest_name),
        ' · ' + h.sender_name + (h.private_note ? ' · note' : '') + ' · ' + new Date(h.created_at).toLocaleString()),
        highlighted(h.snippet));
      li.addEventListener('click', () => openConversation({ id: h.conversation_id, guest_name: h.guest_name,
        department: h.department, guest_info: { room_number: '' } }, h.message_id));
      return li;
    });
    $('search-results').replaceChildren(...guests, ...hits);
    if (guests.length + hits.length === 0) $('search-results').replaceChildren(el('li', {}, 'Nothing found'));
  } catch (err) {
    $('search-results').replaceChildren(el('li', { class: 'error' }, err.message));
  }
});

function fillProfile(g) {
  $('profile-name').value = g.name || '';
  $('profile-room').value = g.room_number || '';
  $('profile-check-in').value = g.check_in || '';
  $('profile-check-out').value = g.check_out || '';
  $('profile-language').value = g.language || '';
  $('profile-notes').value = g.notes || '';
}

async function loadProfile(id) {
  try {
    fillProfile(await api('GET', '/chat/conversations/' + id + '/guest/'));
    $('profile-state').textContent = '';
  } catch (err) {
    $('profile-state').textContent = err.message;
  }
}

$('profile').addEventListener('submit', async (e) => {
  e.preventDefault();
  const value = (id) => ($(id).value.trim() === '' ? null : $(id).value.trim());
  try {
    fillProfile(await api('PATCH', '/chat/conversations/' + state.open + '/guest/', { name: $('profile-name').value.trim(),
      room_number: value('profile-room'), check_in: value('profile-check-in'), check_out: value('profile-check-out'),
      language: value('profile-language'), notes: value('profile-notes') }));
    $('profile-state').textContent = 'Saved';
  } catch (err) {
    $('profile-state').textContent = err.message;
  }
});

// ---- administration ----
async function loadAdmin() {
  const [{ departments }, { staff }, { labels }] = await Promise.all([api('GET', '/admin/departments'),
    api('GET', '/admin/staff'), api('GET', '/chat/labels/')]);
  $('admin-labels').replaceChildren(...labels.map((l) => el('li', { 'data-id': l.id }, labelChip(l, () =>
    adminCall(() => api('DELETE', '/admin/labels/' + l.id))))));
  $('department-list').replaceChildren(...departments.map((d) => el('li', {}, d.name)));
  $('staff-list').replaceChildren(...staff.map((u) => {
    const toggle = el('button', { type: 'button', class: 'secondary' }, u.active ? 'Deactivate' : 'Activate');
    toggle.addEventListener('click', () => adminCall(() => api('PATCH', '/admin/staff/' + u.id, { active: !u.active })));
    return el('tr', {}, el('td', {}, u.username), el('td', {}, u.name), el('td', {}, u.departments.join(', ')),
      el('td', {}, u.active ? 'yes' : 'no'), el('td', {}, toggle));
  }));
}

async function adminCall(call) {
  $('admin-error').textContent = '';
  try {
    await call();
    await loadAdmin();
  } catch (err) {
    $('admin-error').textContent = err.message;
  }
}

$('label-form').addEventListener('submit', (e) => {
  e.preventDefault();
  adminCall(() => api('POST', '/admin/labels', { name: $('label-name').value, color: $('label-color').value }));
});
$('department-form').addEventListener('submit', (e) => {
  e.preventDefault();
  adminCall(() => api('POST', '/admin/departments', { name: $('department-name').value }));
});
$('staff-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const departments = $('staff-departments').value.split(',').map((s) => s.trim()).filter(Boolean);
  adminCall(() => api('POST', '/admin/staff', { username: $('staff-username').value, name: $('staff-name').value,
    password: $('staff-password').value, user_type: 'department_staff', departments }));
});

if (state.token && state.user) start();

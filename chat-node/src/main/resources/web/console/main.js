// The staff console's entry point (loaded as an ES module, no build step): login and logout, then either the admin
// screens or the console, whose features live in one module each (see docs/design.md, "The web console's modules").
import { state } from './store.js';
import { api, whenUnauthorized } from './api.js';
import { $ } from './dom.js';
import { connect, disconnect, onEvent, whenRevoked } from './connection.js';
import { initList, loadConversations, refreshListSoon } from './list.js';
import { initThread } from './thread.js';
import { initComposer } from './composer.js';
import { initOutbox } from './outbox.js';
import { initLabels } from './labels.js';
import { initLayout } from './layout.js';
import { initManage } from './manage.js';
import { initDesk } from './desk.js';
import { initAlerts } from './alerts.js';
import { initNotify } from './notify.js';
import { initTools } from './tools.js';
import { initPresence } from './presence.js';
import { initVersions } from './versions.js';
import { initTemplates } from './templates.js';
import { initScheduled } from './scheduled.js';
import { loadLabels } from './labels.js';
import { startAdmin } from './admin.js';
import { menuButton } from './menu.js';
import { openReports } from './reports.js';

function logout() {
  sessionStorage.clear();
  state.token = null;
  disconnect();
  location.reload();
}

function start() {
  $('login').classList.add('hidden');
  $('account').classList.remove('hidden');
  menuButton($('account-menu-button'));
  $('open-reports').addEventListener('click', openReports);
  $('me').textContent = state.user.name;
  if (state.user.user_type === 'admin') {
    $('state').classList.add('hidden'); // the admin screens use REST only
    $('manage-canned').classList.add('hidden'); // canned replies belong to departments and their members
    startAdmin();
    return;
  }
  $('console').classList.remove('hidden');
  initVersions();
  initThread();
  initList();
  initComposer();
  initOutbox();
  initLabels();
  initLayout();
  initManage();
  initDesk();
  initAlerts(refreshListSoon);
  $('alerts-control').classList.remove('hidden');
  initNotify();
  initTools();
  initPresence();
  initTemplates();
  initScheduled();
  // Messages change the counts and the order; state events are applied as they come (versions.js, list.js).
  ['message', 'new_conversation', 'conversation_update'].forEach((type) => onEvent(type, refreshListSoon));
  loadLabels().catch(() => {});
  loadConversations();
  connect();
}

whenUnauthorized(logout);
whenRevoked(logout);

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

if (state.token && state.user) start();

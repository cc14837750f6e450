// End-to-end tests of the staff console and the guest page in headless Chromium, against real nodes started by
// the JUnit test BrowserConsoleTest (which passes their URLs). Screenshots go to docs/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';
import { deflateSync, crc32 } from 'node:zlib';
import { chromium } from 'playwright-core';

const NODE_A = process.env.NODE_A;              // a node inside the test JVM
const NODE_B = process.env.NODE_B;              // a node in its own process, killed by the last test
const NODE_B_PID = Number(process.env.NODE_B_PID);
const SHOTS = process.env.SCREENSHOTS || '../docs/screenshots';
const RUN = Date.now().toString(36);
mkdirSync(SHOTS, { recursive: true });

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let loginChecked = false;
let adminToken;
let conversationId;
const alice = { username: 'alice' + RUN, name: 'Alice ' + RUN, password: 'alice-password' };
const bob = { username: 'bob' + RUN, name: 'Bob ' + RUN, password: 'bob-password' };

async function rest(method, path, token, body, node = NODE_A) {
  const r = await fetch(node + path, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const data = await r.json();
  if (!r.ok && r.status !== 409) throw new Error(path + ': ' + JSON.stringify(data));
  return data;
}

async function login(page, user) {
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#state.connected');
}

// What the console does with the browser's alerts, recorded: permission requests, notifications shown (each kept,
// so a test can click it), beeps played. Notifications are allowed for the node's origin, as a user who said yes.
async function recordAlerts(context) {
  await context.grantPermissions(['notifications'], { origin: NODE_A });
  await context.addInitScript(() => {
    window.__permissionRequests = 0;
    window.__notifications = [];
    window.__beeps = 0;
    const Real = window.Notification;
    window.Notification = class {
      constructor(title, options = {}) {
        this.title = title;
        this.body = options.body;
        this.onclick = null;
        window.__notifications.push(this);
      }
      close() {}
      static get permission() { return Real.permission; }
      static requestPermission() {
        window.__permissionRequests++;
        return Real.requestPermission();
      }
    };
    const oscillator = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () {
      window.__beeps++;
      return oscillator.call(this);
    };
  });
}

async function openConsole(user, nodes, viewport, prepare) {
  const context = await browser.newContext({ viewport: viewport || LAPTOP });
  if (prepare) await prepare(context);
  const page = await context.newPage();
  page.on('dialog', () => assert.fail('a dialog opened: user content was executed'));
  await page.goto(NODE_A + '/?nodes=' + encodeURIComponent(nodes.join(',')));
  if (!loginChecked) {
    loginChecked = true;
    await page.screenshot({ path: SHOTS + '/login.png' });
    await accessible(page, 'the login page');
  }
  await login(page, user);
  return page;
}

// The admin's screens in a new context (options: its viewport, downloads), logged in.
async function openAdmin(options = {}) {
  const page = await (await browser.newContext(options)).newPage();
  await page.goto(NODE_A + '/');
  await page.fill('#username', process.env.ADMIN_USER);
  await page.fill('#password', process.env.ADMIN_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#admin:not(.hidden)');
  return page;
}

async function openConversation(page) {
  await page.click(`#conversation-list li[data-id="${conversationId}"]`);
  await page.waitForSelector('#composer:not(.hidden)');
}

async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

// A menu item: the menu button first, as a person would.
async function menu(page, button, item) {
  await page.click(button);
  await page.click(item);
}

// The open conversation to another department, with a note, from the More menu's dialog.
async function transfer(page, department, note) {
  await menu(page, '#more-menu-button', '#transfer-open');
  await page.waitForSelector('#transfer-dialog[open]');
  await page.selectOption('#transfer-to', department);
  await page.fill('#transfer-note', note);
  await accessible(page, 'the transfer dialog');
  await page.click('#transfer');
}

// axe-core in the page (evaluated, so the page's CSP, which runs only the node's own scripts, is not loosened):
// no serious or critical violation on what the page shows now.
async function accessible(page, screen) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ` + v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\n/g, ' ')).join('\n    '));
  assert.deepEqual(bad, [], `accessibility violations on ${screen}:\n  ${bad.join('\n  ')}`);
}

// A WhatsApp message from a guest, signed like Meta signs webhooks (the nodes run with the tests' app secret).
async function guestWrites(number, name, text) {
  const from = number.slice(1);
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages',
    value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, id: 'wamid.' + from + '.' + Date.now(), timestamp: '1700000000', type: 'text', text: { body: text } }] } }] }] });
  const signature = 'sha256=' + createHmac('sha256', process.env.WHATSAPP_APP_SECRET).update(body).digest('hex');
  const r = await fetch(NODE_A + '/webhooks/whatsapp', { method: 'POST', body,
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature } });
  assert.equal(r.status, 200);
}

// A real PNG (a blue card with an orange band), made here so the test needs no fixture files.
function png(width, height) {
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = [0];
    for (let x = 0; x < width; x++) row.push(...(y > height / 3 && y < height / 2 ? [240, 140, 20] : [30, 110, 200]));
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

// A real voice note: a second of a 440 Hz tone as 16-bit mono WAV.
function wav() {
  const rate = 8000;
  const data = Buffer.alloc(rate * 2);
  for (let i = 0; i < rate; i++) data.writeInt16LE(Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / rate)), i * 2);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8, 'latin1');
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write('data', 36, 'latin1');
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

const messageCount = (page, text) => page.locator('#messages .msg', { hasText: text }).count();

/** Waits until condition() holds (checked every 100 ms), at most `ms`. */
async function until(condition, ms, what) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail('not within ' + ms + ' ms: ' + what);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  adminToken = (await rest('POST', '/auth/login', null, { username: process.env.ADMIN_USER, password: process.env.ADMIN_PASSWORD })).token;
  for (const u of [alice, bob]) {
    await rest('POST', '/admin/staff', adminToken, { ...u, user_type: 'department_staff', departments: ['reception'] });
  }
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  conversationId = (await rest('POST', '/chat/conversations/create/', aliceToken, {
    guest: { whatsapp_number: '+1777' + String(Date.now()).slice(-7), name: 'Jane Guest', room_number: '214' },
    department: 'reception', conversation_type: 'general', content: 'Welcome to the hotel!' })).id;
});

after(async () => { await browser?.close(); });

let alicePage;
let bobPage;

test('two staff members on two nodes see each other\'s messages, typing and presence', async () => {
  alicePage = await openConsole(alice, [NODE_A]);
  bobPage = await openConsole(bob, [NODE_B, NODE_A]);   // page from node A, socket on node B
  await alicePage.waitForSelector(`#online li:has-text("${bob.name}")`);
  await openConversation(alicePage);
  await openConversation(bobPage);
  await say(alicePage, 'Hello Bob, can you check room 214?');
  await bobPage.waitForSelector('#messages .msg:has-text("can you check room 214")');
  await bobPage.type('#text', 'On it', { delay: 20 });
  await alicePage.waitForSelector(`#typing:has-text("${bob.name} is typing")`);
  await bobPage.press('#text', 'Enter');
  await alicePage.waitForSelector('#messages .msg:has-text("On it")');
  assert.equal(await messageCount(alicePage, 'On it'), 1);
  await alicePage.screenshot({ path: SHOTS + '/conversation.png' });
  await accessible(alicePage, 'the list with a conversation open');
  await alicePage.click('#thread-title');
  await alicePage.screenshot({ path: SHOTS + '/console.png' });
});

test('user content is shown as text, never run', async () => {
  await say(alicePage, '<script>alert(1)</script><img src=x onerror=alert(2)>');
  const msg = bobPage.locator('#messages .msg', { hasText: '<script>alert(1)</script>' });
  await msg.waitFor();
  assert.match(await msg.textContent(), /<script>alert\(1\)<\/script><img src=x onerror=alert\(2\)>/);
  assert.equal(await bobPage.locator('#messages script, #messages img').count(), 0);
});

test('a guest on the phone-sized guest page and the console exchange messages, and nothing is lost while away', async () => {
  await menu(alicePage, '#more-menu-button', '#guest-link');
  const url = await alicePage.locator('#guest-url').getAttribute('href');
  await say(alicePage, 'Welcome Jane, written before you opened the link');
  const guestContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const guest = await guestContext.newPage();
  // The phone's network, under the test's control: while "away" its socket is dropped and reconnects are refused.
  let away = false;
  let link = null;
  const socketUrls = [];
  await guest.routeWebSocket(/\/ws\/guest\//, (ws) => {
    socketUrls.push(ws.url());
    if (away) {
      ws.close({ code: 1001, reason: 'offline' });
      return;
    }
    link = { page: ws, server: ws.connectToServer() };
  });
  await guest.goto(url);
  await guest.waitForSelector('#state.connected');
  await guest.waitForSelector('#messages .msg:has-text("written before you opened the link")');
  await say(alicePage, 'Hi Jane, how can we help?');
  await guest.waitForSelector('#messages .msg:has-text("how can we help")');
  await guest.fill('#text', 'Could I get two more towels?');
  await guest.press('#text', 'Enter');
  await alicePage.waitForSelector('#messages .msg.guest:has-text("two more towels")');
  const composer = await guest.locator('#composer').boundingBox();
  assert.ok(composer.y + composer.height > 844 - 4, 'the guest page fills the phone\'s height: the composer is at the bottom');
  await guest.screenshot({ path: SHOTS + '/guest.png' });
  await accessible(guest, 'the guest page');

  away = true;
  link.server.close();
  link.page.close();
  await guest.waitForSelector('#state.connecting');
  await say(alicePage, 'The towels are on their way (sent while you were offline)');
  await alicePage.waitForSelector('#messages .msg:has-text("sent while you were offline")');
  away = false;
  await guest.waitForSelector('#messages .msg:has-text("sent while you were offline")', { timeout: 20000 });
  await say(alicePage, 'And a live one after');
  await guest.waitForSelector('#messages .msg:has-text("And a live one after")');
  for (const t of ['written before you opened the link', 'how can we help', 'two more towels', 'sent while you were offline']) {
    assert.equal(await messageCount(guest, t), 1, `"${t}" shown exactly once on the guest page`);
  }
  assert.match(socketUrls[0], /last_message_id=0$/, 'the first connection asks for the whole history');
  assert.match(socketUrls.at(-1), /last_message_id=[1-9][0-9]*$/, 'a reconnection resumes after the last message shown');
  await guestContext.close();
});

test('the desk\'s queue across two nodes: assign, waiting time and alert, pending, snooze, transfer', async () => {
  const laundry = 'laundry' + RUN;
  await rest('POST', '/admin/departments', adminToken, { name: laundry });
  await rest('PATCH', '/admin/departments/reception/settings', adminToken, { waiting_alert_seconds: 5 });
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  const number = '+1778' + String(Date.now()).slice(-7);
  const id = (await rest('POST', '/chat/conversations/create/', aliceToken, {
    guest: { whatsapp_number: number, name: 'Sam Waiting', room_number: '305' }, department: 'reception' })).id;
  const item = (page) => page.locator(`#conversation-list li[data-id="${id}"]`);
  await item(bobPage).waitFor();
  await item(alicePage).waitFor();

  // Bob (node B) takes it; Alice (node A) sees who answers it, and Bob finds it under "Mine".
  await item(bobPage).click();
  await bobPage.waitForSelector('#desk-tools:not(.hidden)');
  await bobPage.click('#assign-me');
  await item(alicePage).locator('.assignee', { hasText: bob.name }).waitFor();
  await bobPage.click('#queue-tabs button[data-queue="assignee=me"]');
  await item(bobPage).waitFor();
  await bobPage.click('#queue-tabs button[data-queue="assignee=none"]');
  await item(bobPage).waitFor({ state: 'detached' });
  await bobPage.click('#queue-tabs button[data-queue=""]');

  // The guest writes: the wait counts up on both pages, then one alert reaches both.
  await guestWrites(number, 'Sam Waiting', 'Is breakfast still served?');
  await item(alicePage).locator('.waiting').waitFor();
  await alicePage.waitForSelector('#alerts .alert:has-text("Sam Waiting has waited")', { timeout: 20000 });
  await bobPage.waitForSelector('#alerts .alert:has-text("Sam Waiting has waited")', { timeout: 20000 });
  assert.equal(await alicePage.locator('#alerts .alert', { hasText: 'Sam Waiting' }).count(), 1);
  await alicePage.screenshot({ path: SHOTS + '/queue.png' });

  // Bob answers: the wait and the alert end everywhere.
  await say(bobPage, 'Until 10:30, in the garden room');
  await alicePage.waitForSelector('#alerts .alert:has-text("Sam Waiting")', { state: 'detached' });
  assert.equal(await item(alicePage).locator('.waiting').count(), 0);

  // Pending, then snoozed: each status reaches the other node.
  await menu(bobPage, '#status-menu-button', '#mark-pending');
  await item(alicePage).locator('.chip.pending').waitFor();
  await bobPage.click('#status-menu-button');
  await bobPage.waitForSelector('#status-menu:not(.hidden)');
  await bobPage.screenshot({ path: SHOTS + '/desk-menu.png' });
  await accessible(bobPage, 'the console with the Status menu open');
  await bobPage.click('#snooze-open');
  await bobPage.waitForSelector('#snooze-dialog[open]');
  assert.equal(await bobPage.evaluate(() => document.activeElement.id), 'snooze-until', 'the dialog takes the focus');
  await bobPage.fill('#snooze-until', new Date(Date.now() + 3 * 3600e3 - new Date().getTimezoneOffset() * 60e3).toISOString().slice(0, 16));
  await accessible(bobPage, 'the snooze dialog');
  await bobPage.click('#snooze');
  // Focus returns to the menu button when the dialog's close event runs (a task after the click).
  await bobPage.waitForFunction(() => document.activeElement.id === 'status-menu-button', null, { timeout: 2000 });
  await bobPage.waitForSelector('#desk-info:has-text("snoozed until")');
  // Snoozed: out of the other tabs, in its own.
  await item(alicePage).waitFor({ state: 'detached' });
  await alicePage.click('#queue-tabs [data-queue="status=snoozed"]');
  await item(alicePage).locator('.chip.snoozed').waitFor();
  await bobPage.screenshot({ path: SHOTS + '/desk-tools.png' });

  // The assign dialog: Bob's colleagues, Alice chosen from it.
  await menu(bobPage, '#more-menu-button', '#assign-open');
  await bobPage.waitForSelector('#assign-dialog[open]');
  await bobPage.waitForSelector(`#assignee option:has-text("${alice.name}")`, { state: 'attached' });
  await accessible(bobPage, 'the assign dialog');
  await bobPage.screenshot({ path: SHOTS + '/assign-dialog.png' });
  await bobPage.selectOption('#assignee', { label: alice.name + ' (online)' });
  await bobPage.click('#assign');
  await item(alicePage).locator('.assignee', { hasText: alice.name }).waitFor();

  // Transferred to a department neither belongs to: it leaves both consoles, Bob's thread says where it went.
  await transfer(bobPage, laundry, 'Stain on a shirt');
  await bobPage.waitForSelector(`#typing:has-text("Transferred to ${laundry}: Stain on a shirt")`);
  await item(alicePage).waitFor({ state: 'detached' });
  await item(bobPage).waitFor({ state: 'detached' });
  await bobPage.waitForSelector('#desk-tools.hidden', { state: 'attached' });
  await alicePage.click('#queue-tabs [data-queue=""]');
  await openConversation(bobPage); // back to the first conversation, for the tests that follow
});

test('desk tools across two nodes: private note and mention, canned reply, label, guest profile, search', async () => {
  await rest('POST', '/admin/labels', adminToken, { name: 'vip' + RUN, color: '#6f42c1' });
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  await rest('POST', '/chat/canned-replies/', aliceToken, { code: 'wifi' + RUN, department: 'reception',
    text: 'Hello {guest_name}, the Wi-Fi password for room {room_number} is SEASIDE. {agent_name}' });
  const id = (await rest('POST', '/chat/conversations/create/', aliceToken, {
    guest: { whatsapp_number: '+1779' + String(Date.now()).slice(-7), name: 'Maria Tools', room_number: '808' },
    department: 'reception', content: 'Welcome, Maria' })).id;
  const item = (page) => page.locator(`#conversation-list li[data-id="${id}"]`);
  await item(alicePage).click();
  await item(bobPage).click();
  await bobPage.waitForSelector('#messages .msg:has-text("Welcome, Maria")');

  // A private note with a mention: shown as a note on both nodes, and Bob is told.
  await alicePage.check('#note-mode');
  await say(alicePage, `@${bob.username} please bring extra towels to 808`);
  await alicePage.check('#reply-mode');
  await bobPage.waitForSelector('#messages .msg.note:has-text("please bring extra towels")');
  await bobPage.waitForSelector('#alerts .alert.mention:has-text("mentioned you")');
  await alicePage.waitForSelector('#messages .msg.note:has-text("please bring extra towels")');

  // The guest's page never shows it.
  const link = await rest('POST', '/chat/guest-tokens/', aliceToken, { conversation_id: id });
  const guestContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const guest = await guestContext.newPage();
  await guest.goto(link.url.replace(/^https?:\/\/[^/]+/, NODE_B));
  await guest.waitForSelector('#messages .msg:has-text("Welcome, Maria")');

  // A canned reply from the '/' picker, filled in for this guest, sent by Bob.
  await bobPage.fill('#text', '/wifi' + RUN.slice(0, 2));
  await bobPage.waitForSelector(`#canned-picker li[data-value="wifi${RUN}"]`);
  await bobPage.press('#text', 'Enter');
  await bobPage.waitForFunction(() => document.querySelector('#text').value.includes('Maria Tools'));
  assert.match(await bobPage.inputValue('#text'), /Hello Maria Tools, the Wi-Fi password for room 808 is SEASIDE\./);
  await bobPage.press('#text', 'Enter');
  await alicePage.waitForSelector('#messages .msg:has-text("the Wi-Fi password for room 808")');
  await guest.waitForSelector('#messages .msg:has-text("the Wi-Fi password for room 808")');
  assert.equal(await guest.locator('#messages .msg', { hasText: 'extra towels' }).count(), 0, 'no note on the guest page');
  await guestContext.close();

  // A label put on by Alice appears on Bob's list; Bob filters by it.
  await alicePage.reload();
  await alicePage.waitForSelector('#state.connected');
  await item(alicePage).click();
  await menu(alicePage, '#labels-menu-button', `#labels-menu [role=menuitemcheckbox]:has-text("vip${RUN}")`);
  await alicePage.waitForSelector(`#label-chips .label-chip:has-text("vip${RUN}")`);
  await alicePage.waitForSelector(`#labels-menu [role=menuitemcheckbox][aria-checked=true]:has-text("vip${RUN}")`);
  await accessible(alicePage, 'the open Labels menu');
  await alicePage.screenshot({ path: SHOTS + '/labels-menu.png' });
  await alicePage.keyboard.press('Escape');
  await alicePage.waitForSelector('#labels-menu.hidden', { state: 'attached' });
  await item(bobPage).locator('.label-chip', { hasText: 'vip' + RUN }).waitFor();
  await bobPage.reload();
  await bobPage.waitForSelector('#state.connected');
  await bobPage.waitForSelector(`#label-filter option[value="vip${RUN}"]`, { state: 'attached' });
  await bobPage.selectOption('#label-filter', 'vip' + RUN);
  await bobPage.waitForFunction(() => document.querySelectorAll('#conversation-list li').length === 1);
  await item(bobPage).waitFor();
  await bobPage.selectOption('#label-filter', '');

  // The guest profile edited by Bob, live in Alice's panel.
  await item(bobPage).click();
  await bobPage.waitForFunction(() => document.querySelector('#profile-name').value === 'Maria Tools');
  await bobPage.fill('#profile-check-out', '2026-12-24');
  await bobPage.fill('#profile-language', 'es');
  await bobPage.fill('#profile-notes', 'Celebrating an anniversary');
  await bobPage.click('#profile button[type=submit]');
  await bobPage.waitForSelector('#profile-state:has-text("Saved")');
  await alicePage.waitForFunction(() => document.querySelector('#profile-notes').value === 'Celebrating an anniversary');
  assert.equal(await alicePage.inputValue('#profile-check-out'), '2026-12-24');
  await alicePage.screenshot({ path: SHOTS + '/tools.png' });

  // Search: the note found with its match marked; opening the hit shows the conversation at that message.
  await alicePage.fill('#search', 'towels');
  await alicePage.press('#search', 'Enter');
  await alicePage.waitForSelector('#search-results li mark:has-text("towels")');
  await alicePage.screenshot({ path: SHOTS + '/search.png' });
  await alicePage.click('#search-results li[data-message]');
  await alicePage.waitForSelector('#messages .msg.note.hit:has-text("extra towels")');
  await openConversation(alicePage);
  await openConversation(bobPage);
});

test('files across two nodes: a photo from the console, a voice note from the guest page', async () => {
  await alicePage.setInputFiles('#attach-file', { name: 'broken-ac.png', mimeType: 'image/png', buffer: png(320, 200) });
  await alicePage.waitForSelector('#tray .upload.done');
  await say(alicePage, 'Is this the unit that is broken?');
  await bobPage.waitForSelector('#messages .msg:has-text("Is this the unit that is broken?") img');
  await bobPage.waitForFunction((t) => [...document.querySelectorAll('#messages .msg')]
    .some((m) => m.textContent.includes(t) && m.querySelector('img')?.naturalWidth === 320), 'Is this the unit that is broken?');
  await bobPage.click('#messages .msg:has-text("Is this the unit that is broken?") .thumb');
  await bobPage.waitForFunction(() => document.querySelector('#viewer[open] img')?.naturalWidth === 320);
  await bobPage.screenshot({ path: SHOTS + '/media-viewer.png' });
  await bobPage.click('#viewer .close');

  // The guest's page on the other node: the staff photo comes from there, the voice note goes up there.
  await menu(alicePage, '#more-menu-button', '#guest-link');
  const url = (await alicePage.locator('#guest-url').getAttribute('href')).replace(NODE_A, NODE_B);
  const guestContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const guest = await guestContext.newPage();
  await guest.goto(url);
  await guest.waitForSelector('#state.connected');
  await guest.waitForFunction(() => [...document.querySelectorAll('#messages img')].some((i) => i.naturalWidth === 320));
  await guest.setInputFiles('#attach-file', { name: 'voice-note.wav', mimeType: 'audio/wav', buffer: wav() });
  await guest.waitForSelector('#tray .upload.done');
  await guest.click('#send');
  for (const page of [alicePage, bobPage]) {
    await page.waitForSelector('#messages .msg.guest audio');
    await page.waitForFunction(() => {
      const a = document.querySelector('#messages .msg.guest audio');
      return a && a.duration > 0.9 && a.duration < 1.1;
    });
  }
  assert.equal(await alicePage.locator('#messages .msg.guest audio').count(), 1, 'the voice note shown once');
  await alicePage.locator('#messages .msg.guest audio').scrollIntoViewIfNeeded();
  await alicePage.screenshot({ path: SHOTS + '/media.png' });
  await guest.screenshot({ path: SHOTS + '/guest-media.png' });
  await guestContext.close();
});

test('the admin creates a department in the admin screens', async () => {
  const page = await openAdmin();
  await page.fill('#department-name', 'spa' + RUN);
  await page.click('#department-form button[type=submit]');
  await page.waitForSelector(`#department-list li:has-text("spa${RUN}")`);
  await page.fill('#label-name', 'late checkout ' + RUN);
  await page.click('#label-form button[type=submit]');
  await page.waitForSelector(`#admin-labels li:has-text("late checkout ${RUN}")`);
  await page.waitForSelector(`#staff-list td:has-text("${alice.username}")`);
  // Labels are managed here: renamed and recoloured.
  const row = page.locator('#admin-labels li', { hasText: 'late checkout ' + RUN });
  await row.locator('input[type=text]').fill('late checkout ' + RUN + ' ok');
  await row.locator('input[type=color]').fill('#136c2e');
  await row.locator('button', { hasText: 'Save' }).click();
  await page.waitForSelector(`#admin-labels li .label-chip:has-text("late checkout ${RUN} ok")`);
  assert.equal(await page.locator('#admin-labels li', { hasText: 'late checkout ' + RUN + ' ok' }).locator('.label-chip')
    .evaluate((n) => getComputedStyle(n).backgroundColor), 'rgb(19, 108, 46)');
  await page.screenshot({ path: SHOTS + '/admin.png', fullPage: true });
  await accessible(page, 'the admin screens');
  await page.context().close();
});

test('layout at a laptop size: list, thread and composer keep their place and scroll on their own', async () => {
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  for (let i = 0; i < 14; i++) {
    await rest('POST', '/chat/conversations/create/', aliceToken, { guest: { whatsapp_number: '+1780' + String(Date.now() + i).slice(-7),
      name: 'Layout Guest ' + i, room_number: String(400 + i) }, department: 'reception', content: 'Checking in later today, number ' + i });
  }
  await alicePage.waitForFunction(() => document.querySelectorAll('#conversation-list li').length >= 15);
  await openConversation(alicePage);
  const lines = Array.from({ length: 40 }, (_, i) => 'Line ' + (i + 1) + ' of a long message about the airport shuttle').join('\n');
  await alicePage.fill('#text', lines);
  const grown = await alicePage.locator('#text').boundingBox();
  assert.ok(grown.height < 200, 'the composer grows only a few lines, then scrolls: ' + grown.height);
  assert.ok(await alicePage.evaluate(() => document.querySelector('#text').scrollHeight > document.querySelector('#text').clientHeight));
  await alicePage.press('#text', 'Enter');
  await alicePage.waitForSelector('#messages .msg:has-text("Line 40 of a long message")');
  const inView = async (selector) => {
    const box = await alicePage.locator(selector).boundingBox();
    return box && box.y >= 0 && box.y + box.height <= LAPTOP.height + 1;
  };
  assert.ok(await inView('#composer'), 'the composer stays on screen after a long message');
  assert.equal(await alicePage.evaluate(() => document.scrollingElement.scrollHeight <= innerHeight), true, 'the page itself does not grow');
  await alicePage.locator('#list-scroll').evaluate((n) => n.scrollTo(0, n.scrollHeight));
  assert.ok(await alicePage.locator('#list-scroll').evaluate((n) => n.scrollTop > 0), 'the list scrolls');
  assert.ok(await inView('#search') && await inView('#queue-tabs') && await inView('#status-filter'), 'search and filters stay above the list');
  const tools = await alicePage.locator('#desk-tools').boundingBox();
  assert.ok(tools.height < 45, 'the desk toolbar is one compact row: ' + tools.height);
  const time = alicePage.locator(`#conversation-list li[data-id="${conversationId}"] time`);
  assert.match(await time.textContent(), /\d/, 'each conversation shows its last message time');
  await alicePage.screenshot({ path: SHOTS + '/laptop.png' });
  await accessible(alicePage, 'the console with a conversation open');
});

test('at a phone size: the list, then the conversation with a back button, then the guest panel', async () => {
  const phone = await openConsole(bob, [NODE_A], PHONE);
  await phone.waitForSelector(`#conversation-list li[data-id="${conversationId}"]`);
  assert.equal(await phone.isVisible('#thread'), false, 'the list alone at first');
  await phone.screenshot({ path: SHOTS + '/phone-list.png' });
  await accessible(phone, 'the list on a phone');
  await phone.click(`#conversation-list li[data-id="${conversationId}"]`);
  await phone.waitForSelector('#composer:not(.hidden)');
  assert.equal(await phone.isVisible('#conversations'), false, 'the conversation replaces the list');
  const text = await phone.locator('#text').boundingBox();
  assert.ok(text.width > 200, 'the composer is wide enough to write in: ' + text.width);
  await phone.waitForSelector('#messages .msg:has-text("Line 40 of a long message")');
  const composer = await phone.locator('#composer').boundingBox();
  assert.ok(composer.y + composer.height <= PHONE.height + 1, 'the composer stays on screen');
  await phone.screenshot({ path: SHOTS + '/phone-thread.png' });
  await accessible(phone, 'a conversation on a phone');
  await phone.click('#guest-panel-button');
  await phone.waitForSelector('#profile-name:visible');
  assert.equal(await phone.inputValue('#profile-name'), 'Jane Guest');
  await phone.screenshot({ path: SHOTS + '/phone-guest.png' });
  await accessible(phone, 'the guest panel on a phone');
  await phone.click('#guest-back');
  await phone.waitForSelector('#composer:visible');
  await phone.click('#back');
  await phone.waitForSelector(`#conversation-list li[data-id="${conversationId}"]:visible`);
  await phone.context().close();
});

test('the composer: Enter sends, Shift+Enter is a new line; over 4,096 characters is refused, never cut', async () => {
  await openConversation(alicePage);
  await openConversation(bobPage);
  await messageBoxRules(alicePage, bobPage, '#messages .msg', 'Z', 'composer-limit.png');
});

// The message box's rules, on the console's composer or the guest page: Shift+Enter is a new line and Enter sends;
// 4,100 characters are refused whole (a counter says why, Send is disabled) and 4,096 go, exactly.
async function messageBoxRules(writer, reader, readerMessages, letter, shot) {
  await writer.click('#text');
  await writer.keyboard.type('First line');
  await writer.keyboard.press('Shift+Enter');
  await writer.keyboard.type('second line, by ' + letter);
  await writer.keyboard.press('Enter');
  const sent = reader.locator(readerMessages, { hasText: 'second line, by ' + letter });
  await sent.waitFor();
  assert.match(await sent.textContent(), new RegExp('First line\nsecond line, by ' + letter));

  await writer.fill('#text', letter.repeat(4100));
  await writer.waitForSelector('#counter.over:has-text("4 too many")');
  assert.equal(await writer.isDisabled('#send'), true);
  await writer.press('#text', 'Enter');
  await writer.waitForSelector('#counter:has-text("Not sent")');
  assert.equal((await writer.inputValue('#text')).length, 4100, 'the text stays, whole');
  await writer.screenshot({ path: SHOTS + '/' + shot });
  await accessible(writer, 'a message box with too long a text');
  for (let i = 0; i < 4; i++) await writer.press('#text', 'Backspace');
  await writer.waitForSelector('#counter:not(.over):has-text("4,096 / 4,096")');
  await writer.press('#text', 'Enter');
  const longest = await reader.waitForFunction(({ selector, letter }) => { // the longest run of the letter, once it is long
    const n = Math.max(0, ...[...document.querySelectorAll(selector)].map((m) => (m.textContent.match(new RegExp(letter + '{2,}')) || [''])[0].length));
    return n >= 4096 && n;
  }, { selector: readerMessages, letter });
  assert.equal(await longest.jsonValue(), 4096, 'exactly 4,096 characters arrive');
}

test('a dead connection is seen within about 10 s; what was sent meanwhile is shown queued and sent once after', async () => {
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await context.newPage();
  page.on('dialog', () => assert.fail('a dialog opened'));
  let cut = false;
  const frames = []; // [direction, type, id] of what went through
  await page.routeWebSocket(/\/ws\/chat\//, (ws) => {
    if (cut) {
      ws.close({ code: 1006, reason: 'offline' });
      return;
    }
    const server = ws.connectToServer();
    const note = (direction, m) => { const f = JSON.parse(m); frames.push([direction, f.type, f.id]); };
    ws.onMessage((m) => { note('up', m); if (!cut) server.send(m); });
    server.onMessage((m) => { note('down', m); if (!cut) ws.send(m); });
  });
  await page.goto(NODE_A + '/');
  await login(page, alice);
  await openConversation(page);
  // A quiet connection is kept alive by the protocol's ping, answered by pong.
  await until(() => frames.some(([d, type, id]) => d === 'up' && type === 'ping' && id
    && frames.some(([d2, t2, id2]) => d2 === 'down' && t2 === 'pong' && id2 === id)), 8000, 'a ping answered by its pong');
  assert.equal(await page.getAttribute('#state', 'class'), 'connected');
  cut = true; // the network goes: no close, no error, nothing arrives
  await context.setOffline(true);
  const cutAt = Date.now();
  await say(page, 'Sent into a dead connection');
  await page.waitForSelector('#outbox .outgoing:has-text("Sent into a dead connection") .send-state:has-text("Sending")');
  await page.waitForSelector('#state.offline', { timeout: 12000 });
  const seen = Date.now() - cutAt;
  assert.ok(seen < 12000, 'seen after ' + seen + ' ms');
  await page.waitForSelector('#outbox .outgoing.queued:has-text("queued, will send when reconnected")');
  assert.equal(await messageCount(page, 'Sent into a dead connection'), 0);
  await page.screenshot({ path: SHOTS + '/offline-queued.png' });
  cut = false;
  await context.setOffline(false);
  await page.waitForSelector('#state.connected', { timeout: 20000 });
  await page.waitForSelector('#messages .msg:has-text("Sent into a dead connection")', { timeout: 20000 });
  await page.waitForSelector('#outbox .outgoing', { state: 'detached' });
  await bobPage.waitForSelector('#messages .msg:has-text("Sent into a dead connection")');
  assert.equal(await messageCount(bobPage, 'Sent into a dead connection'), 1, 'stored once');
  await context.close();
});

test('canned replies: the picker by keyboard, managed in the console; @mentions offer the department\'s staff', async () => {
  await openConversation(bobPage);
  await bobPage.click('#account-menu-button');
  await bobPage.click('#manage-canned');
  await bobPage.waitForSelector('#canned-dialog[open]');
  await accessible(bobPage, 'the canned replies dialog');
  await bobPage.fill('#canned-code', 'late' + RUN);
  await bobPage.selectOption('#canned-owner', 'reception');
  await bobPage.fill('#canned-text', 'Late checkout until 14:00 is fine, {guest_name}.');
  await bobPage.click('#canned-save');
  const row = bobPage.locator('#canned-list li', { hasText: '/late' + RUN });
  await row.waitFor();
  await row.locator('button', { hasText: 'Edit' }).click();
  await bobPage.fill('#canned-text', 'Late checkout until 15:00 is fine, {guest_name}.');
  await bobPage.click('#canned-save');
  await bobPage.waitForSelector(`#canned-list li:has-text("/late${RUN}"):has-text("until 15:00")`);
  await bobPage.waitForSelector('#canned-form-title:has-text("New canned reply")');
  await bobPage.fill('#canned-code', 'bye' + RUN);
  await bobPage.fill('#canned-text', 'Safe travels, {guest_name}!');
  await bobPage.click('#canned-save');
  await bobPage.waitForSelector(`#canned-list li:has-text("/bye${RUN}")`);
  await bobPage.screenshot({ path: SHOTS + '/canned-manage.png' });
  await bobPage.keyboard.press('Escape');
  await bobPage.waitForSelector('#canned-dialog:not([open])', { state: 'attached' });
  assert.equal(await bobPage.evaluate(() => document.activeElement.id), 'account-menu-button', 'focus back where it was');

  // The picker: both codes offered; ArrowDown then Enter takes the second; Escape closes it.
  await bobPage.click('#text');
  await bobPage.fill('#text', '/');
  await bobPage.keyboard.type('l');
  await bobPage.fill('#text', '/');
  await bobPage.keyboard.type('b');
  await bobPage.waitForSelector(`#canned-picker li[data-value="bye${RUN}"]`);
  await bobPage.fill('#text', '');
  await bobPage.keyboard.type('/');
  await bobPage.waitForSelector(`#canned-picker li[data-value="late${RUN}"]`);
  const codes = await bobPage.$$eval('#canned-picker li', (n) => n.map((li) => li.dataset.value));
  const late = codes.indexOf('late' + RUN);
  for (let i = 0; i < late; i++) await bobPage.keyboard.press('ArrowDown');
  assert.equal(await bobPage.getAttribute('#canned-picker li[aria-selected=true]', 'data-value'), 'late' + RUN);
  assert.equal(await bobPage.getAttribute('#text', 'aria-activedescendant'), await bobPage.getAttribute('#canned-picker li[aria-selected=true]', 'id'));
  await bobPage.screenshot({ path: SHOTS + '/canned-picker.png' });
  await bobPage.keyboard.press('Escape');
  await bobPage.waitForSelector('#canned-picker.hidden', { state: 'attached' });
  assert.equal(await bobPage.inputValue('#text'), '/', 'Escape only closes the picker');
  await bobPage.keyboard.type('late' + RUN);
  await bobPage.waitForSelector(`#canned-picker li[data-value="late${RUN}"][aria-selected=true]`);
  await bobPage.keyboard.press('Enter');
  await bobPage.waitForFunction(() => document.querySelector('#text').value.startsWith('Late checkout until 15:00 is fine, Jane Guest'));
  await bobPage.fill('#text', '');

  // Deleted in the console: gone from the picker.
  await bobPage.click('#account-menu-button');
  await bobPage.click('#manage-canned');
  await bobPage.locator('#canned-list li', { hasText: '/bye' + RUN }).locator('button', { hasText: 'Delete' }).click();
  await bobPage.waitForSelector(`#canned-list li:has-text("/bye${RUN}")`, { state: 'detached' });
  await bobPage.click('#canned-close');

  // @mentions: the department's staff by username, chosen with the arrow keys and Enter, at both sizes.
  await mentionByKeyboard(bobPage, alice, 'mention-picker');
  await bobPage.keyboard.press('Enter');
  await alicePage.waitForSelector(`#alerts .alert.mention:has-text("${bob.name} mentioned you")`);
  await bobPage.check('#reply-mode');
  const phone = await openConsole(bob, [NODE_A], PHONE);
  await phone.click(`#conversation-list li[data-id="${conversationId}"]`);
  await phone.waitForSelector('#composer:not(.hidden)');
  await mentionByKeyboard(phone, alice, 'phone-mention-picker');
  await phone.context().close();
});

// Types '@' in note mode: every colleague of the department is offered with their username; the arrow keys move to
// `who` (the selection and aria-activedescendant follow), Enter puts '@username ' in the text.
async function mentionByKeyboard(page, who, shot) {
  await page.check('#note-mode');
  await page.fill('#text', '');
  await page.click('#text');
  await page.keyboard.type('Please check this @');
  await page.waitForSelector(`#mention-picker li[data-value="${who.username}"]`);
  const offered = await page.$$eval('#mention-picker li', (n) => n.map((li) => li.dataset.value));
  assert.ok(offered.includes(bob.username) && offered.includes(alice.username), 'colleagues offered by username: ' + offered);
  const selected = page.locator('#mention-picker li[aria-selected=true]');
  for (let i = 1; i <= offered.length; i++) { // once round the list (it wraps), each step selecting the next
    await page.keyboard.press('ArrowDown');
    assert.equal(await selected.getAttribute('data-value'), offered[i % offered.length]);
  }
  await page.keyboard.press('ArrowUp');
  assert.equal(await selected.getAttribute('data-value'), offered.at(-1), 'ArrowUp goes back, wrapping');
  for (let i = 0; i <= offered.indexOf(who.username); i++) await page.keyboard.press('ArrowDown');
  assert.equal(await selected.getAttribute('data-value'), who.username);
  assert.match(await selected.textContent(), new RegExp(who.name + '.*@' + who.username));
  assert.equal(await page.getAttribute('#text', 'aria-activedescendant'), await selected.getAttribute('id'));
  await page.screenshot({ path: SHOTS + '/' + shot + '.png' });
  await accessible(page, 'the @mention picker');
  await page.keyboard.press('Enter');
  assert.equal(await page.inputValue('#text'), `Please check this @${who.username} `);
  await page.waitForSelector('#mention-picker.hidden', { state: 'attached' });
}

test('private notes: a note with a photo reaches staff as a note and never the guest; files stay with their mode; a note being written shows no typing to the guest', async () => {
  await openConversation(alicePage);
  await openConversation(bobPage);
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  const link = await rest('POST', '/chat/guest-tokens/', aliceToken, { conversation_id: conversationId });
  const guestContext = await browser.newContext({ viewport: PHONE });
  const guest = await guestContext.newPage();
  await guest.goto(link.url.replace(/^https?:\/\/[^/]+/, NODE_B));
  await guest.waitForSelector('#state.connected');
  await guest.evaluate(() => {
    window.typingSeen = [];
    new MutationObserver(() => window.typingSeen.push(document.querySelector('#typing').textContent))
      .observe(document.querySelector('#typing'), { childList: true, characterData: true, subtree: true });
  });

  // A file added to a reply stays with the reply when Alice switches to a note, and the other way round.
  await alicePage.setInputFiles('#attach-file', { name: 'for-the-guest.png', mimeType: 'image/png', buffer: png(160, 100) });
  await alicePage.waitForSelector('#tray .upload.done:has-text("for-the-guest.png")');
  await alicePage.check('#note-mode');
  await alicePage.waitForSelector('#composer.note-mode #mode-hint:has-text("Only staff see this")');
  assert.equal(await alicePage.locator('#tray .upload').count(), 0, 'the reply\'s file is not in the note');
  await alicePage.waitForSelector('#tray-elsewhere:has-text("1 file waits with the reply")');

  // The note gets its own photo, and Bob sees Alice writing a note; the guest sees nothing.
  await alicePage.setInputFiles('#attach-file', { name: 'stain.png', mimeType: 'image/png', buffer: png(200, 120) });
  await alicePage.waitForSelector('#tray .upload.done:has-text("stain.png")');
  await alicePage.click('#text');
  await alicePage.keyboard.type('Stain on the carpet in 214, see photo', { delay: 15 });
  await bobPage.waitForSelector(`#typing.private:has-text("${alice.name} is writing a note")`);
  await alicePage.screenshot({ path: SHOTS + '/composer-note.png' });
  await accessible(alicePage, 'the composer in note mode');
  await alicePage.keyboard.press('Enter');
  const note = bobPage.locator('#messages .msg.note', { hasText: 'Stain on the carpet in 214' });
  await note.waitFor();
  await bobPage.waitForFunction(() => [...document.querySelectorAll('#messages .msg.note')]
    .some((m) => m.textContent.includes('Stain on the carpet') && m.querySelector('img')?.naturalWidth === 200));
  assert.match(await note.locator('.who').textContent(), /Private note/);
  assert.equal(await alicePage.locator('#tray .upload').count(), 0, 'the note took its file');
  await alicePage.waitForSelector('#composer.note-mode'); // the mode stays until Alice changes it
  await bobPage.screenshot({ path: SHOTS + '/note.png' });

  // Back to Reply: the reply's file is still there; Alice types a reply, which the guest sees typed and receives.
  const typingBefore = await guest.evaluate(() => window.typingSeen.filter(Boolean));
  await alicePage.check('#reply-mode');
  await alicePage.waitForSelector('#tray .upload.done:has-text("for-the-guest.png")');
  await alicePage.click('#text');
  await alicePage.keyboard.type('We will clean it this afternoon', { delay: 15 });
  await guest.waitForSelector('#typing:has-text("is typing")');
  assert.deepEqual(typingBefore, [], 'the guest saw no typing while the note was written');
  await alicePage.keyboard.press('Enter');
  await guest.waitForSelector('#messages .msg:has-text("We will clean it this afternoon") img');
  assert.equal(await messageCount(guest, 'Stain on the carpet'), 0, 'the note never reaches the guest');
  assert.equal(await guest.evaluate(() => [...document.querySelectorAll('#messages img')].filter((i) => i.naturalWidth === 200).length), 0,
    'nor its photo');
  await guestContext.close();

  // The note mode at a phone's size.
  const phone = await openConsole(bob, [NODE_A], PHONE);
  await phone.click(`#conversation-list li[data-id="${conversationId}"]`);
  await phone.waitForSelector('#composer:not(.hidden)');
  await phone.check('#note-mode');
  await phone.fill('#text', 'Housekeeping: please check the carpet in 214 before 16:00');
  await phone.waitForSelector('#messages .msg.note:has-text("Stain on the carpet")');
  await phone.screenshot({ path: SHOTS + '/phone-note.png' });
  await accessible(phone, 'the composer in note mode on a phone');
  await phone.context().close();
});

test('the timeline: who assigned, labelled, set pending, what reopened it and the transfer with its note, live and in history; opt-in alerts for a transfer, a mention and a new conversation', async () => {
  const spa = 'spa' + RUN;
  const label = 'massage' + RUN;
  await rest('POST', '/admin/departments', adminToken, { name: spa });
  await rest('POST', '/admin/labels', adminToken, { name: label, color: '#8a3ffc' });
  const carol = { username: 'carol' + RUN, name: 'Carol ' + RUN, password: 'carol-password' };
  const dan = { username: 'dan' + RUN, name: 'Dan ' + RUN, password: 'dan-password' };
  for (const u of [carol, dan]) await rest('POST', '/admin/staff', adminToken, { ...u, user_type: 'department_staff', departments: [spa] });
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  const number = '+1780' + String(Date.now()).slice(-7);
  const id = (await rest('POST', '/chat/conversations/create/', aliceToken, {
    guest: { whatsapp_number: number, name: 'Theo Timeline', room_number: '512' }, department: 'reception',
    content: 'Hello Theo, welcome!' })).id;

  // The spa's two members: Carol at a laptop, Dan on a phone. Nothing is asked for or shown until they opt in.
  const carolPage = await openConsole(carol, [NODE_A], LAPTOP, recordAlerts);
  const danPage = await openConsole(dan, [NODE_B, NODE_A], PHONE, recordAlerts);
  for (const page of [carolPage, danPage]) {
    assert.equal(await page.evaluate(() => window.__permissionRequests), 0, 'no permission asked on load');
    assert.equal(await page.getAttribute('#alerts-desktop', 'aria-checked'), 'false');
    await page.click('#alerts-button');
    await page.click('#alerts-desktop');
    await page.waitForSelector('#alerts-desktop[aria-checked=true]');
    await page.click('#alerts-sound');
    await page.waitForSelector('#alerts-sound[aria-checked=true]');
    assert.equal(await page.evaluate(() => window.__permissionRequests), 1, 'asked once, from the menu');
    assert.equal(await page.evaluate(() => window.__beeps), 1, 'switching the sound on plays it once');
  }
  await carolPage.screenshot({ path: SHOTS + '/alerts-menu.png' });
  await accessible(carolPage, 'the Alerts menu');
  await danPage.screenshot({ path: SHOTS + '/phone-alerts-menu.png' });
  await accessible(danPage, 'the Alerts menu on a phone');
  for (const page of [carolPage, danPage]) {
    await page.keyboard.press('Escape');
    await page.waitForSelector('#alerts-menu.hidden', { state: 'attached' });
  }

  // Alice (node A) works the conversation; Bob (node B) sees each change as a line of the thread, live.
  const item = (page) => page.locator(`#conversation-list li[data-id="${id}"]`);
  await item(alicePage).click();
  await item(bobPage).click();
  await bobPage.waitForSelector('#messages .msg:has-text("Hello Theo, welcome!")');
  await alicePage.click('#assign-me');
  await bobPage.waitForSelector(`#messages .activity[data-kind=assigned]:has-text("${alice.name} took this conversation")`);
  await alicePage.waitForSelector('#messages .activity[data-kind=assigned]:has-text("You took this conversation")');
  await menu(alicePage, '#labels-menu-button', `#labels-menu [role=menuitemcheckbox]:has-text("${label}")`);
  await alicePage.keyboard.press('Escape');
  await bobPage.waitForSelector(`#messages .activity[data-kind=label_added]:has-text("${alice.name} added the label ${label}")`);
  await menu(alicePage, '#status-menu-button', '#mark-pending');
  await bobPage.waitForSelector(`#messages .activity[data-kind=status]:has-text("${alice.name} set this to pending")`);
  await guestWrites(number, 'Theo Timeline', 'Is a massage at 17:00 possible?');
  await bobPage.waitForSelector('#messages .activity[data-kind=status]:has-text("Active again: the guest wrote (it was pending)")');
  const live = await bobPage.$$eval('#messages > *', (nodes) => nodes.map((n) => ({ id: Number(n.dataset.id), kind: n.dataset.kind || 'message' })));
  assert.deepEqual(live.map((n) => n.kind), ['message', 'assigned', 'label_added', 'status', 'message', 'status']);
  assert.deepEqual(live.map((n) => n.id), live.map((n) => n.id).sort((a, b) => a - b), 'lines and messages in id order');
  assert.equal(await bobPage.locator('#messages .activity').first().evaluate((n) => getComputedStyle(n).textAlign), 'center');
  await bobPage.screenshot({ path: SHOTS + '/timeline-live.png' });

  // Transferred to the spa with a note: the spa hears of it on arrival, with the note, as each of them asked.
  await transfer(alicePage, spa, 'Wants a massage at 17:00, allergic to almond oil');
  for (const page of [carolPage, danPage]) {
    await item(page).locator('.transfer-note:has-text("allergic to almond oil")').waitFor();
    await page.waitForSelector(`#alerts .alert.transfer:has-text("Transferred from reception by ${alice.name}: Wants a massage")`);
    await page.waitForFunction(() => window.__notifications.length > 0);
    const shown = await page.evaluate(() => window.__notifications.map((n) => ({ title: n.title, body: n.body })));
    assert.deepEqual(shown, [{ title: 'Theo Timeline transferred to ' + spa, body: `Transferred from reception by ${alice.name}: Wants a massage at 17:00, allergic to almond oil` }]);
    assert.equal(await page.evaluate(() => window.__beeps), 2, 'and a beep');
  }
  await carolPage.screenshot({ path: SHOTS + '/transfer-arrival.png' });
  await accessible(carolPage, 'the list with a conversation transferred in');
  await danPage.screenshot({ path: SHOTS + '/phone-transfer-arrival.png' });

  // Dan opens it on his phone: the whole timeline from history, the note under its line; he mentions Carol.
  await item(danPage).click();
  await danPage.waitForSelector('#messages .activity[data-kind=transferred] .transfer-note:has-text("allergic to almond oil")');
  await danPage.waitForSelector(`#messages .activity[data-kind=transferred]:has-text("${alice.name} transferred this from reception to ${spa}")`);
  await danPage.waitForSelector('#conversation-list li .transfer-note', { state: 'detached' }); // opened: the arrival is done
  await danPage.check('#note-mode');
  await say(danPage, `@${carol.username} can you book the 17:00 massage?`);
  await danPage.waitForSelector('#messages .msg.note:has-text("book the 17:00 massage")');
  await danPage.check('#reply-mode');
  await danPage.screenshot({ path: SHOTS + '/phone-timeline.png' });
  await accessible(danPage, 'the timeline on a phone');
  await carolPage.waitForFunction(() => window.__notifications.some((n) => n.title.endsWith('mentioned you')));
  assert.equal((await carolPage.evaluate(() => window.__notifications.at(-1).body)), `@${carol.username} can you book the 17:00 massage?`);
  assert.equal(await carolPage.evaluate(() => window.__beeps), 3);

  // Carol clicks the transfer's notification: the conversation opens with its timeline, in order.
  await carolPage.evaluate(() => window.__notifications[0].onclick());
  await carolPage.waitForSelector('#messages .msg.note:has-text("book the 17:00 massage")');
  const history = await carolPage.$$eval('#messages > *', (nodes) => nodes.map((n) => n.dataset.kind || (n.classList.contains('note') ? 'note' : 'message')));
  assert.deepEqual(history, ['message', 'assigned', 'label_added', 'status', 'message', 'status', 'transferred', 'note']);
  await carolPage.screenshot({ path: SHOTS + '/timeline.png' });
  await accessible(carolPage, 'a thread with its timeline');

  // A new conversation in the spa: Dan, who is not looking at it, is told; the opt-ins outlive a reload.
  const carolToken = (await rest('POST', '/auth/login', null, { username: carol.username, password: carol.password })).token;
  await rest('POST', '/chat/conversations/create/', carolToken, {
    guest: { whatsapp_number: '+1781' + String(Date.now()).slice(-7), name: 'Nina New', room_number: '120' }, department: spa,
    content: 'Your spa booking' });
  await danPage.waitForFunction(() => window.__notifications.some((n) => n.title === 'New conversation: Nina New'));
  await danPage.reload();
  await danPage.waitForSelector('#state.connected');
  assert.equal(await danPage.getAttribute('#alerts-desktop', 'aria-checked'), 'true', 'remembered in this browser');
  assert.equal(await danPage.getAttribute('#alerts-sound', 'aria-checked'), 'true');
  assert.equal(await danPage.evaluate(() => window.__permissionRequests), 0, 'not asked again on load');
  await carolPage.context().close();
  await danPage.context().close();
  await openConversation(alicePage); // back to the first conversation, for the test that follows
  await openConversation(bobPage);
});

test('the outbox recognises its own echo by client_message_id, never a same-worded message from elsewhere', async () => {
  // Alice in a second tab whose sends never reach the server: its message stays pending, though the first tab's
  // message with the very same words arrives.
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.routeWebSocket(/\/ws\/chat\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((m) => { if (JSON.parse(m).type !== 'text') server.send(m); });
    server.onMessage((m) => ws.send(m));
  });
  await page.goto(NODE_A + '/');
  await login(page, alice);
  await openConversation(page);
  await openConversation(alicePage);
  const words = 'Same words from two tabs ' + RUN;
  await say(page, words);
  await page.waitForSelector(`#outbox .outgoing:has-text("${words}") .send-state:has-text("Sending")`);
  await say(alicePage, words);
  await page.waitForSelector(`#messages .msg:has-text("${words}")`);
  await alicePage.waitForSelector(`#outbox .outgoing:has-text("${words}")`, { state: 'detached' });
  assert.equal(await page.locator('#outbox .outgoing', { hasText: words }).count(), 1, 'the other tab\'s send is still pending');
  await page.screenshot({ path: SHOTS + '/phone-outbox-pending.png' });
  await context.close();
});

// What a console's socket may be made to hold back (as if it were still on its way): the state events, and the
// timeline's entries of the same changes (messages, which would have the console read its list again).
const STATE_EVENTS = new Set(['new_conversation', 'conversation_update', 'conversation_assigned', 'conversation_status',
  'conversation_transferred', 'conversation_labels', 'guest_updated', 'conversation_state']);
const heldStates = (ctl) => ctl.held.filter((m) => STATE_EVENTS.has(JSON.parse(m).type)).length;
const aboutState = (event) => STATE_EVENTS.has(event.type) || Boolean(event.type === 'message' && event.data.activity);

/** A console whose socket runs through the test: while `holding`, state events wait in `held` until release(). */
async function consoleHoldingEvents(user, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const ctl = { holding: false, held: [], toPage: null };
  await page.routeWebSocket(/\/ws\/chat\//, (ws) => {
    const server = ws.connectToServer();
    ctl.toPage = (m) => ws.send(m);
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (ctl.holding && aboutState(JSON.parse(m))) ctl.held.push(m);
      else ws.send(m);
    });
  });
  ctl.release = () => {
    ctl.holding = false;
    ctl.held.splice(0).forEach((m) => ctl.toPage(m));
  };
  await page.goto(NODE_A + '/');
  await login(page, user);
  return { page, ctl };
}

const row = (page, id) => page.locator(`#conversation-list li[data-id="${id}"]`);

/**
 * Waits until the console has no list read in flight or due (it reads its list 150 ms after a message, a timeline
 * entry included): 600 ms without a list request or answer.
 */
async function listQuiet(page) {
  let last = Date.now();
  const seen = (r) => { if (new URL(r.url()).pathname === '/chat/conversations/') last = Date.now(); };
  page.on('request', seen);
  page.on('response', seen);
  await until(() => Date.now() - last > 600, 10000, 'the list reads are over');
  page.off('request', seen);
  page.off('response', seen);
}

/** Opens a conversation and waits for the list read that opening it makes, so that nothing is on its way after. */
async function openSettled(page, id) {
  const listRead = page.waitForResponse((r) => new URL(r.url()).pathname === '/chat/conversations/');
  await row(page, id).click();
  await listRead;
}
const tokenOf = async (user) => (await rest('POST', '/auth/login', null, { username: user.username, password: user.password })).token;

/** A conversation as the database has it now (the REST list, read by `token`). */
async function stored(token, id) {
  const { conversations } = await rest('GET', '/chat/conversations/?limit=200', token);
  return conversations.find((c) => c.id === id);
}

/** Waits until the page's row shows exactly the conversation's version, assignee, status and labels. */
async function rowShows(page, c) {
  const want = { version: String(c.version), assignee: c.assignee ? '→ ' + c.assignee.name : 'unassigned',
    status: c.status === 'active' ? '' : c.status, labels: (c.labels || []).map((l) => l.name).sort().join(',') };
  await page.waitForFunction(({ id, want }) => {
    const li = document.querySelector(`#conversation-list li[data-id="${id}"]`);
    if (!li) return false;
    const labels = [...li.querySelectorAll('.label-chip')].map((n) => n.textContent).sort().join(',');
    return li.dataset.version === want.version && li.querySelector('.assignee').textContent === want.assignee
      && (li.querySelector('.chip')?.textContent || '') === want.status && labels === want.labels;
  }, { id: c.id, want }, { timeout: 15000 });
}

test('conversation versions: concurrent changes from two nodes, with list reads in between, leave both consoles showing the database', async () => {
  const aliceToken = await tokenOf(alice);
  const bobToken = await tokenOf(bob);
  const labels = [];
  for (const name of ['ver-a' + RUN, 'ver-b' + RUN]) labels.push(await rest('POST', '/admin/labels', adminToken, { name, color: '#136c2e' }));
  const ids = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await rest('POST', '/chat/conversations/create/', aliceToken, { guest: { whatsapp_number: '+1781' + String(Date.now() + i).slice(-7),
      name: 'Version Guest ' + i, room_number: String(500 + i) }, department: 'reception', content: 'Busy desk ' + i })).id);
  }
  if (await alicePage.isVisible('#search-clear')) await alicePage.click('#search-clear'); // the list alone, for the picture
  const phone = await openConsole(bob, [NODE_B], PHONE); // its socket on the other node
  await openConversation(alicePage);
  for (const id of ids) {
    await row(alicePage, id).waitFor();
    await row(phone, id).waitFor();
  }
  const users = { alice: (await rest('GET', '/chat/departments/reception/members/', aliceToken)).members.find((m) => m.username === alice.username).id,
    bob: (await rest('GET', '/chat/departments/reception/members/', aliceToken)).members.find((m) => m.username === bob.username).id };
  const change = (round, k) => {
    const id = ids[(round + k) % ids.length];
    const [token, node] = k % 2 ? [bobToken, NODE_B] : [aliceToken, NODE_A];
    const path = '/chat/conversations/' + id;
    switch ((round * 3 + k) % 4) {
      case 0: return rest('POST', path + '/assign/', token, { user_id: [users.alice, users.bob, null][round % 3] }, node);
      case 1: return rest('POST', path + '/status/', token, { status: round % 2 ? 'pending' : 'active' }, node);
      case 2: return rest('POST', path + '/labels/', token, { label_id: labels[round % 2].id }, node);
      default: return rest('DELETE', path + '/labels/' + labels[(round + 1) % 2].id, token, undefined, node);
    }
  };
  for (let round = 0; round < 10; round++) {
    const reads = round % 3 === 0 ? [alicePage.click('#queue-tabs button[data-queue=""]'), phone.click('#queue-tabs button[data-queue=""]')] : [];
    await Promise.all([...[0, 1, 2, 3].map((k) => change(round, k)), ...reads]);
  }
  for (const id of ids) {
    const now = await stored(aliceToken, id);
    await rowShows(alicePage, now);
    await rowShows(phone, now);
  }
  await alicePage.screenshot({ path: SHOTS + '/versions.png' });
  await phone.screenshot({ path: SHOTS + '/phone-versions.png' });
  await accessible(phone, 'the list on a phone after concurrent changes');
  await phone.context().close();
});

test('a state event moves its row between tabs by itself: off the tab it no longer matches, onto the one it now does', async () => {
  const aliceToken = await tokenOf(alice);
  const bobId = (await rest('GET', '/chat/departments/reception/members/', aliceToken)).members.find((m) => m.username === bob.username).id;
  const id = (await rest('POST', '/chat/conversations/create/', aliceToken, { guest: { whatsapp_number: '+1783' + String(Date.now()).slice(-7),
    name: 'Moving Guest', room_number: '707' }, department: 'reception', content: 'Where is my row?' })).id;
  const phone = await openConsole(bob, [NODE_B], PHONE);
  const pages = [alicePage, phone];
  for (const page of pages) {
    await page.click('#queue-tabs button[data-queue="assignee=none"]');
    await row(page, id).waitFor();
  }
  // List reads fail from here on (other conversations' events may ask for one at any moment): only the state events
  // can move the row.
  const isListRead = (url) => url.pathname === '/chat/conversations/';
  for (const page of pages) await page.route(isListRead, (r) => r.abort());
  await rest('POST', `/chat/conversations/${id}/assign/`, aliceToken, { user_id: bobId });
  for (const page of pages) await row(page, id).waitFor({ state: 'detached' });
  await rest('POST', `/chat/conversations/${id}/assign/`, aliceToken, { user_id: null }, NODE_B);
  for (const page of pages) await row(page, id).waitFor();
  for (const page of pages) await page.unroute(isListRead);
  await phone.screenshot({ path: SHOTS + '/phone-unassigned-tab.png' });
  await alicePage.click('#queue-tabs button[data-queue=""]');
  await phone.context().close();
});

test('a state event overtaken by a list read changes nothing; a desk action on a conversation changed meanwhile says so and lets the agent choose again', async () => {
  const aliceToken = await tokenOf(alice);
  const bobToken = await tokenOf(bob);
  const bobId = (await rest('GET', '/chat/departments/reception/members/', aliceToken)).members.find((m) => m.username === bob.username).id;
  const label = await rest('POST', '/admin/labels', adminToken, { name: 'stale' + RUN, color: '#b00020' });
  const id = (await rest('POST', '/chat/conversations/create/', aliceToken, { guest: { whatsapp_number: '+1782' + String(Date.now()).slice(-7),
    name: 'Stale Guest', room_number: '601' }, department: 'reception', content: 'Two changes at once' })).id;
  const { page, ctl } = await consoleHoldingEvents(alice, LAPTOP);
  await openSettled(page, id);
  await page.waitForSelector('#desk-info:has-text("unassigned")');

  // Two changes whose events are still on their way while the console reads the list again.
  ctl.holding = true;
  await rest('POST', `/chat/conversations/${id}/assign/`, bobToken, { user_id: bobId }, NODE_B);
  await rest('POST', `/chat/conversations/${id}/labels/`, bobToken, { label_id: label.id }, NODE_B);
  await until(() => heldStates(ctl) >= 2, 10000, 'both events held');
  await page.click('#queue-tabs button[data-queue=""]');
  const listed = await stored(aliceToken, id);
  await rowShows(page, listed);
  await page.evaluate((id) => { // every state the row is drawn in from now on
    window.drawn = [];
    new MutationObserver(() => {
      const li = document.querySelector(`#conversation-list li[data-id="${id}"]`);
      if (li) window.drawn.push({ version: Number(li.dataset.version), labels: li.querySelectorAll('.label-chip').length });
    }).observe(document.querySelector('#conversation-list'), { childList: true, subtree: true });
  }, id);
  ctl.release(); // the older events arrive now: the first lacks the label, and must not take it off
  await rest('POST', `/chat/conversations/${id}/status/`, bobToken, { status: 'pending' }, NODE_B);
  await rowShows(page, await stored(aliceToken, id));
  const drawn = await page.evaluate(() => window.drawn);
  assert.ok(drawn.length > 0, 'the row was drawn again');
  assert.deepEqual(drawn.filter((d) => d.version < listed.version || d.labels === 0), [], 'never drawn in an older state');

  // Bob makes it active; Alice, not told yet, assigns it to herself as it was: refused, said, shown as it is now.
  await listQuiet(page);
  ctl.holding = true;
  await rest('POST', `/chat/conversations/${id}/status/`, bobToken, { status: 'active' }, NODE_B);
  await until(() => heldStates(ctl) >= 1, 10000, 'the event held');
  assert.match(await page.textContent('#desk-info'), /^pending/);
  await page.click('#assign-me');
  await page.waitForSelector('#desk-notice:has-text("changed this conversation meanwhile")');
  await page.waitForSelector('#desk-info:text-matches("^active")');
  await rowShows(page, await stored(aliceToken, id)); // read again, though the event is still held
  assert.match(await page.textContent('#desk-info'), new RegExp('assigned to ' + bob.name), 'nothing was changed');
  await page.screenshot({ path: SHOTS + '/changed-meanwhile.png' });
  await accessible(page, 'the console saying a conversation changed meanwhile');
  ctl.release();
  await page.click('#assign-me'); // the agent decides again, on what is current
  await page.waitForSelector(`#desk-info:has-text("assigned to ${alice.name}")`);
  assert.equal(await page.textContent('#desk-notice'), '', 'the message goes with the next action');
  await page.context().close();

  // The same on a phone: the Status menu's action refused, said, and the state line current.
  const phone = await consoleHoldingEvents(bob, PHONE);
  await openSettled(phone.page, id);
  await phone.page.waitForSelector('#desk-info:has-text("active")');
  await listQuiet(phone.page);
  phone.ctl.holding = true;
  await rest('POST', `/chat/conversations/${id}/status/`, aliceToken, { status: 'pending' });
  await until(() => heldStates(phone.ctl) >= 1, 10000, 'the event held');
  await menu(phone.page, '#status-menu-button', '#mark-pending');
  await phone.page.waitForSelector('#desk-notice:has-text("changed this conversation meanwhile")');
  await phone.page.waitForSelector('#desk-info:text-matches("^pending")');
  await phone.page.screenshot({ path: SHOTS + '/phone-changed-meanwhile.png' });
  await accessible(phone.page, 'a phone saying a conversation changed meanwhile');
  phone.ctl.release();
  await phone.page.context().close();
});

/** The guest page of a conversation, on `node`, with its socket through the test: `net.cut` drops every frame silently. */
async function guestPage(viewport, link, net) {
  const context = await browser.newContext({ viewport, isMobile: viewport === PHONE });
  const page = await context.newPage();
  page.on('dialog', () => assert.fail('a dialog opened'));
  await page.routeWebSocket(/\/ws\/guest\//, (ws) => {
    net.urls.push(ws.url());
    if (net.cut) {
      ws.close({ code: 1006, reason: 'offline' });
      return;
    }
    const server = ws.connectToServer();
    ws.onMessage((m) => { if (!net.cut && !(net.dropTexts && JSON.parse(m).type === 'text')) server.send(m); });
    server.onMessage((m) => { if (!net.cut) ws.send(m); });
  });
  await page.goto(link);
  await page.waitForSelector('#state.connected');
  return page;
}

test('the guest page\'s composer: Enter sends, Shift+Enter is a new line, over 4,096 is refused, each message shown until its echo, a dead connection seen and resumed', async () => {
  await openConversation(alicePage);
  const aliceToken = await tokenOf(alice);
  const link = (await rest('POST', '/chat/guest-tokens/', aliceToken, { conversation_id: conversationId })).url.replace(/^https?:\/\/[^/]+/, NODE_B);
  const net = { cut: false, dropTexts: false, urls: [] };
  const guest = await guestPage(PHONE, link, net);

  await messageBoxRules(guest, alicePage, '#messages .msg.guest', 'Y', 'guest-limit.png');
  await guest.waitForSelector('#outbox .outgoing', { state: 'detached' }); // each shown until its echo, then once
  assert.equal(await messageCount(guest, 'second line, by Y'), 1);

  // The network goes without a word: the heartbeat sees it within about 10 s; a message waits, queued; staff write
  // meanwhile; when the network is back the page resumes after the last message it showed and sends the queued one once.
  net.cut = true;
  await guest.context().setOffline(true);
  const cutAt = Date.now();
  await guest.fill('#text', 'Are you still there?');
  await guest.press('#text', 'Enter');
  await guest.waitForSelector('#outbox .outgoing:has-text("Are you still there?") .send-state:has-text("Sending")');
  await guest.waitForSelector('#state.offline', { timeout: 12000 });
  assert.ok(Date.now() - cutAt < 12000, 'seen after ' + (Date.now() - cutAt) + ' ms');
  await guest.waitForSelector('#outbox .outgoing.queued:has-text("queued, will send when reconnected")');
  await say(alicePage, 'We are here (written while your phone was offline)');
  await guest.screenshot({ path: SHOTS + '/guest-offline.png' });
  net.cut = false;
  await guest.context().setOffline(false);
  await guest.waitForSelector('#state.connected', { timeout: 20000 });
  await guest.waitForSelector('#messages .msg:has-text("written while your phone was offline")');
  await guest.waitForSelector('#outbox .outgoing', { state: 'detached' });
  await alicePage.waitForSelector('#messages .msg.guest:has-text("Are you still there?")');
  assert.equal(await messageCount(alicePage, 'Are you still there?'), 1, 'stored once');
  assert.equal(await messageCount(guest, 'written while your phone was offline'), 1, 'shown once');
  assert.match(net.urls.at(-1), /last_message_id=[1-9][0-9]*$/, 'the new connection resumes after the last message shown');
  await guest.context().close();

  // At a laptop's size: a message the server never answers is shown failed, with Retry, which sends it once.
  const wide = { cut: false, dropTexts: true, urls: [] };
  const laptop = await guestPage(LAPTOP, link, wide);
  await laptop.fill('#text', 'Is the pool open tonight?');
  await laptop.press('#text', 'Enter');
  await laptop.waitForSelector('#outbox .outgoing:has-text("Is the pool open") .send-state:has-text("Sending")');
  await laptop.waitForSelector('#outbox .outgoing.failed .retry', { timeout: 20000 });
  await laptop.screenshot({ path: SHOTS + '/guest-laptop-failed.png' });
  await accessible(laptop, 'the guest page at a laptop size with a failed message');
  wide.dropTexts = false;
  await laptop.click('#outbox .outgoing.failed .retry');
  await laptop.waitForSelector('#messages .msg.guest:has-text("Is the pool open tonight?")');
  await laptop.waitForSelector('#outbox .outgoing', { state: 'detached' });
  await alicePage.waitForSelector('#messages .msg.guest:has-text("Is the pool open tonight?")');
  assert.equal(await messageCount(alicePage, 'Is the pool open tonight?'), 1);
  await laptop.screenshot({ path: SHOTS + '/guest-laptop.png' });
  await laptop.context().close();
});

// The day after an ISO date (the report's end, not included), as the Reports screen computes it.
function dayAfter(iso) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// What the Reports screen's table must show for a report: every department's line, then its staff's, each cell as the
// screen writes figures (its own duration(), taken from the page).
async function expectedTable(page, report) {
  return page.evaluate(async (r) => {
    const { duration } = await import('/console/reports.js');
    const timing = (t) => (t.count ? `${duration(t.median_seconds)} · ${duration(t.p90_seconds)} (${t.count})` : '—');
    return r.departments.flatMap((d) => [
      [d.department, String(d.conversations_opened), timing(d.first_response), timing(d.resolution),
        String(d.messages_sent), `${d.waited_past_threshold} over ${duration(d.waiting_alert_seconds)}`],
      ...d.agents.map((a) => [`${a.name}, ${d.department}`, '', timing(a.first_response), timing(a.resolution),
        String(a.messages_sent), '']),
    ]);
  }, report);
}

const tableShown = (page) => page.$$eval('#report-rows tr', (rows) => rows.map((r) => [...r.children]
  .map((c) => c.textContent.replace(/\s+/g, ' ').trim())));

// The report the screen asked for, fetched again over REST: the period in its date fields and the browser's zone.
async function reportAsked(page, token) {
  const tz = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const department = await page.inputValue('#report-department');
  const query = `from=${await page.inputValue('#report-from')}&to=${dayAfter(await page.inputValue('#report-to'))}`
    + `&tz=${encodeURIComponent(tz)}` + (department ? `&department=${department}` : '');
  return { query, report: await rest('GET', '/chat/reports/?' + query, token) };
}

test('reports: an admin sees every department and a member only theirs, as charts and a table of what GET /chat/reports/ answers, and the same report as CSV', async () => {
  // A month of the concierge and valet desks is in the database (BrowserConsoleTest wrote it).
  const page = await openAdmin({ viewport: LAPTOP, acceptDownloads: true });
  await menu(page, '#account-menu-button', '#open-reports');
  await page.waitForSelector('#report-rows tr.agent');
  assert.ok(await page.locator('#admin').isHidden());
  assert.deepEqual(await page.evaluate(async () => {
    const { duration } = await import('/console/reports.js');
    return [45, 200, 7500, 200000, null].map(duration);
  }), ['45 s', '3 min 20 s', '2 h 05 min', '2 d 7 h', '—']);

  // Last 30 days (the default), every department: the table is the REST report, line by line.
  const { query, report } = await reportAsked(page, adminToken);
  assert.ok(report.departments.some((d) => d.department === 'concierge' && d.agents.length === 3));
  assert.deepEqual(await tableShown(page), await expectedTable(page, report));
  const chartRows = await page.$$eval('.chart', (charts) => charts.map((c) => c.querySelectorAll('.bars li').length));
  const agents = report.departments.reduce((n, d) => n + d.agents.length, 0);
  assert.deepEqual(chartRows, [report.departments.length, report.departments.length, agents]);
  await page.screenshot({ path: SHOTS + '/reports.png' });
  await accessible(page, 'the Reports screen');
  await page.locator('#report-table-wrap').scrollIntoViewIfNeeded();
  await page.screenshot({ path: SHOTS + '/reports-table.png' });

  // The CSV link saves the same report as CSV, under the server's name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#report-csv')]);
  const csv = await (await fetch(NODE_A + '/chat/reports/?format=csv&' + query,
    { headers: { Authorization: 'Bearer ' + adminToken } })).text();
  assert.equal(readFileSync(await download.path(), 'utf8'), csv);
  assert.match(download.suggestedFilename(), /^desk-report-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv$/);
  assert.equal(csv.split('\r\n')[0].split(',')[0], 'row_type');

  // One department, and a period the server refuses (over 366 days): its sentence is shown.
  await page.selectOption('#report-department', 'concierge');
  await page.click('#report-show');
  await page.waitForFunction(() => document.querySelectorAll('#report-rows tr.department').length === 1);
  const one = await reportAsked(page, adminToken);
  assert.deepEqual(await tableShown(page), await expectedTable(page, one.report));
  await page.fill('#report-from', '2020-01-01');
  await page.fill('#report-to', '2022-01-01');
  await page.click('#report-show');
  await page.waitForSelector('#report-error:has-text("at most 366 days")');
  await page.click('#reports-back');
  await page.waitForSelector('#admin:not(.hidden)');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'account-menu-button');
  await page.context().close();

  // A concierge member on a phone: only the concierge desk, from the console's account menu, and back to the list.
  const carla = { username: 'carla' + RUN, name: 'Carla ' + RUN, password: 'carla-password' };
  await rest('POST', '/admin/staff', adminToken, { ...carla, user_type: 'department_staff', departments: ['concierge'] });
  const phone = await openConsole(carla, [NODE_A], PHONE);
  await menu(phone, '#account-menu-button', '#open-reports');
  await phone.waitForSelector('#report-rows tr.agent');
  assert.deepEqual(await phone.$$eval('#report-department option', (o) => o.map((x) => x.value)), ['', 'concierge']);
  const carlaToken = (await rest('POST', '/auth/login', null, { username: carla.username, password: carla.password })).token;
  const own = await reportAsked(phone, carlaToken);
  assert.deepEqual(own.report.departments.map((d) => d.department), ['concierge']);
  assert.deepEqual(await tableShown(phone), await expectedTable(phone, own.report));
  await phone.screenshot({ path: SHOTS + '/phone-reports.png' });
  await accessible(phone, 'the Reports screen on a phone');
  await phone.click('#reports-back');
  await phone.waitForSelector('#conversations:visible');
  await phone.context().close();
});

test('the accessibility check is not vacuous: a known serious violation is reported, and passes once removed', async () => {
  await alicePage.evaluate(() => {
    const canary = document.createElement('div');
    canary.id = 'axe-canary';
    canary.innerHTML = '<button type="button"></button><input type="text">'; // no accessible name: critical
    document.querySelector('#thread-body').append(canary);
  });
  await assert.rejects(accessible(alicePage, 'a page with a nameless button'), /critical button-name[\s\S]*#axe-canary/);
  await alicePage.evaluate(() => document.querySelector('#axe-canary').remove());
  await accessible(alicePage, 'the same page without it');
});

test('between a phone and a laptop (1024x768): the guest panel opens over the thread, works and closes by keyboard', async () => {
  const page = await openConsole(alice, [NODE_A], { width: 1024, height: 768 });
  await row(page, conversationId).locator('.item').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#composer:not(.hidden)');
  assert.equal(await page.isVisible('#presence'), false, 'the panel is closed at first');
  await page.focus('#guest-panel-button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#profile-name:visible');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-name', 'the panel takes the focus');
  await page.waitForFunction(() => document.querySelector('#profile-name').value === 'Jane Guest'); // the profile is read
  const panel = await page.locator('#presence').boundingBox();
  const thread = await page.locator('#thread').boundingBox();
  assert.ok(panel.x < thread.x + thread.width && panel.x + panel.width >= 1024 - 1, 'it lies over the thread, at the right');
  await page.focus('#profile-language'); // edit the language and save, by keyboard
  await page.keyboard.type('de');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#profile-state:has-text("Saved")');
  await page.screenshot({ path: SHOTS + '/tablet-guest-panel.png' });
  await accessible(page, 'the guest panel over the thread at 1024x768');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#presence', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'guest-panel-button', 'focus back on the button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#profile-name:visible');
  await page.focus('#guest-back');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#presence', { state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'guest-panel-button');
  await page.screenshot({ path: SHOTS + '/tablet.png' });
  await page.context().close();
});

// The guest's WhatsApp window was closed by BrowserConsoleTest (30 hours since their last message); the nodes send to a
// fake Cloud API that holds TEMPLATE_NAME (BrowserConsoleTest checks there that each send reached it once).
test('a template into a closed WhatsApp window, at a laptop and a phone size; a scheduled one listed and cancelled', async () => {
  const guest = process.env.QUIET_GUEST;
  const template = await rest('POST', '/admin/templates', adminToken, { name: process.env.TEMPLATE_NAME, language: 'en',
    category: 'UTILITY', body: 'Hello {{1}}, your room {{2}} is ready. Reply here to chat with us.',
    prefill: { 1: 'guest_name', 2: 'room_number' } });
  const aliceToken = (await rest('POST', '/auth/login', null, { username: alice.username, password: alice.password })).token;
  const quiet = (await rest('GET', '/chat/conversations/?limit=200', aliceToken)).conversations
    .find((c) => c.guest_name === guest);
  assert.ok(quiet, 'the quiet guest\'s conversation is listed');
  const expected = (room) => `Hello ${guest}, your room ${room} is ready. Reply here to chat with us.`;
  for (const [viewport, user, room, shot] of [[LAPTOP, alice, '301', 'template'], [PHONE, bob, '302', 'phone-template']]) {
    const page = await openConsole(user, [NODE_A], viewport);
    await page.click(`#conversation-list li[data-id="${quiet.id}"]`);
    await page.waitForSelector('#window-banner:visible');
    assert.equal(await page.isVisible('#template-button'), false, 'closed: the line above offers the template');
    assert.match(await page.textContent('#window-text'), /window closed/);
    await page.fill('#text', 'Are you still there?');
    assert.equal(await page.isDisabled('#send'), true, 'a reply WhatsApp would refuse waits for a template');
    await page.press('#text', 'Enter');
    await page.waitForSelector('#tray-elsewhere:has-text("send a template")');
    assert.equal(await messageCount(page, 'Are you still there?'), 0);
    await page.screenshot({ path: SHOTS + '/' + shot + '-window-closed.png' });
    await accessible(page, 'a conversation whose window is closed (' + shot + ')');

    await page.click('#template-open');
    await page.waitForSelector('#template-dialog[open]');
    await page.selectOption('#template-select', String(template.id));
    assert.equal(await page.inputValue('#tp-body-1'), guest, 'the guest\'s name comes from the profile');
    assert.equal(await page.isDisabled('#template-send'), true, 'the room is not known yet: it must be filled');
    await page.fill('#tp-body-2', room);
    assert.equal(await page.textContent('#template-preview'), expected(room));
    await page.screenshot({ path: SHOTS + '/' + shot + '-dialog.png' });
    await accessible(page, 'the template dialog (' + shot + ')');
    await page.click('#template-send');
    await page.waitForSelector('#template-dialog:not([open])', { state: 'attached' });
    const sent = page.locator('#messages .msg', { hasText: expected(room) });
    await sent.waitFor();
    assert.equal(await sent.locator('.template-tag').count(), 1, 'shown as a template');
    assert.equal(await messageCount(page, expected(room)), 1);
    await page.screenshot({ path: SHOTS + '/' + shot + '-sent.png' });
    if (viewport === LAPTOP) {
      // The same template tomorrow: listed above the composer until it is cancelled.
      await page.click('#template-open');
      await page.waitForSelector('#template-dialog[open]');
      await page.selectOption('#template-select', String(template.id));
      await page.fill('#tp-body-2', '303');
      const tomorrow = new Date(Date.now() + 86400e3);
      const pad = (n) => String(n).padStart(2, '0');
      await page.fill('#template-at', `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}T09:00`);
      assert.equal(await page.textContent('#template-send'), 'Schedule');
      await page.click('#template-send');
      await page.waitForSelector('#scheduled-summary:has-text("Scheduled (1)")');
      await page.click('#scheduled-summary');
      await page.waitForSelector('#scheduled-list li.scheduled:has-text("room 303")');
      await page.screenshot({ path: SHOTS + '/scheduled.png' });
      await accessible(page, 'the scheduled messages');
      await page.click('#scheduled-list li.scheduled button');
      await page.waitForSelector('#scheduled.hidden', { state: 'attached' });
    }
    await page.context().close();
  }
  // The guest writes again: the window opens, the composer says until when and replies go as text.
  const page = await openConsole(alice, [NODE_A]);
  await page.click(`#conversation-list li[data-id="${quiet.id}"]`);
  await page.waitForSelector('#window-banner:visible');
  await guestWrites('+' + process.env.QUIET_NUMBER, guest, 'Thank you, on my way');
  await page.waitForSelector('#window-state:has-text("Window open until")');
  assert.equal(await page.isVisible('#window-banner'), false);
  await page.fill('#text', 'See you soon!');
  assert.equal(await page.isDisabled('#send'), false);
  await page.press('#text', 'Enter');
  await page.waitForSelector('#messages .msg:has-text("See you soon!")');
  await page.screenshot({ path: SHOTS + '/template-window-open.png' });
  await page.context().close();
});

test('when its node is killed the console reconnects to another one and shows every message once', async () => {
  process.kill(NODE_B_PID, 'SIGKILL');
  await bobPage.waitForSelector('#state.connecting');
  const texts = ['after the crash 1', 'after the crash 2', 'after the crash 3'];
  for (const t of texts) await say(alicePage, t);
  await bobPage.waitForSelector('#state.connected', { timeout: 20000 });
  for (const t of texts) {
    await bobPage.waitForSelector(`#messages .msg:has-text("${t}")`, { timeout: 20000 });
  }
  await say(bobPage, 'back online');
  await alicePage.waitForSelector('#messages .msg:has-text("back online")');
  for (const t of [...texts, 'On it', 'back online', 'can you check room 214']) {
    assert.equal(await messageCount(bobPage, t), 1, `"${t}" shown exactly once`);
  }
  const ids = await bobPage.$$eval('#messages .msg', (nodes) => nodes.map((n) => Number(n.dataset.id)));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'messages in id order');
});

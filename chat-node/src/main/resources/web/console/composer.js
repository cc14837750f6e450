// The composer. Two modes, never ambiguous: "Reply" (the guest sees it) and "Private note" (only staff see it; the
// whole composer turns amber and says so). The mode is sticky within a conversation (two notes in a row are common,
// and a reply sent as a note by mistake stays private, while the other mistake cannot be taken back); every
// conversation opens in Reply. Files belong to the mode they were added in: each mode has its own tray, and a
// switch never moves them. The text is a message box (textbox.js: Enter sends, Shift+Enter is a new line, a counter
// near the 4,096-character limit, longer text refused, never cut). '/' offers canned replies, '@' the department's staff.
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { createTray } from '/media.js';
import { send } from './connection.js';
import { enqueue } from './outbox.js';
import { createPicker } from './picker.js';
import { messageBox } from './textbox.js';
const drafts = new Map(); // conversation id -> { mode, text, trays: { reply, note } }
let draft = null;
let typing = { at: 0, private: false };
let idleTimer = null;
let canned = null;
let mentions = null;
let box = null;

function newDraft() {
  const d = { mode: 'reply', text: '', trays: {} };
  for (const mode of ['reply', 'note']) {
    const box = el('div', { class: 'tray-box', 'data-mode': mode });
    d.trays[mode] = createTray(box, () => state.token, () => update());
    d.trays[mode].box = box;
  }
  return d;
}

const tray = () => draft.trays[draft.mode];
const other = () => draft.trays[draft.mode === 'reply' ? 'note' : 'reply'];

function setMode(mode) {
  if (draft.mode !== mode) stopTyping();
  draft.mode = mode;
  const note = mode === 'note';
  $('note-mode').checked = note;
  $('reply-mode').checked = !note;
  $('composer').classList.toggle('note-mode', note);
  $('mode-hint').textContent = note ? 'Only staff see this' : 'The guest sees this';
  $('text').placeholder = note ? 'Private note for staff (@ to mention)' : state.windowClosed
    ? 'The 24-hour window is closed: send a template (or switch to a private note)'
    : 'Reply to the guest (/ for canned replies)';
  $('send').textContent = note ? 'Add note' : 'Send';
  $('tray').replaceChildren(tray().box);
  update();
}

/** Counter, the send button and the line about files waiting in the other mode. */
function update() {
  if (!draft) return;
  // A reply WhatsApp would refuse (the guest's window closed) waits for a template; a note never does.
  $('send').disabled = box.update() || tray().busy() || (draft.mode === 'reply' && Boolean(state.windowClosed));
  const waiting = other().count();
  $('tray-elsewhere').classList.toggle('hidden', waiting === 0);
  $('tray-elsewhere').textContent = waiting === 0 ? '' : waiting + (waiting === 1 ? ' file waits' : ' files wait') + ' with the '
    + (draft.mode === 'reply' ? 'private note' : 'reply') + ': switch back to send ' + (waiting === 1 ? 'it' : 'them') + ' there.';
}

function stopTyping() {
  if (typing.at && state.open) {
    send({ type: 'typing', conversation_id: state.open, is_typing: false, ...(typing.private ? { private: true } : {}) });
  }
  typing = { at: 0, private: false };
  clearTimeout(idleTimer);
}

function typed() {
  const now = Date.now();
  const isNote = draft.mode === 'note';
  if (now - typing.at > 3000 || typing.private !== isNote) {
    send({ type: 'typing', conversation_id: state.open, is_typing: true, ...(isNote ? { private: true } : {}) });
    typing = { at: now, private: isNote };
  }
  clearTimeout(idleTimer);
  idleTimer = setTimeout(stopTyping, 4000);
}

function submit(e) {
  e?.preventDefault();
  const content = $('text').value;
  const files = tray();
  const attachments = files.ids();
  if (!state.open || box.refused()) return;
  if (files.busy()) {
    $('tray-elsewhere').classList.remove('hidden');
    $('tray-elsewhere').textContent = 'Wait for the upload to finish, then send.';
    return;
  }
  if (!content.trim() && !attachments.length) return;
  if (draft.mode === 'reply' && state.windowClosed) {
    // WhatsApp would refuse it: the text stays in the box, for a note or for after the guest writes again.
    $('tray-elsewhere').classList.remove('hidden');
    $('tray-elsewhere').textContent = 'The guest\'s 24-hour WhatsApp window is closed: send a template, or switch to a private note.';
    return;
  }
  canned.hide();
  mentions.hide();
  stopTyping();
  enqueue(draft.mode === 'note' ? 'note' : 'text', state.open, content, attachments);
  files.clear();
  box.clear();
  update();
  $('text').focus();
}

// ---- '/' canned replies and '@' mentions ----
async function loadCanned() {
  state.canned = (await api('GET', '/chat/canned-replies/')).canned_replies;
}

function suggest() {
  const t = $('text');
  const text = t.value;
  if (text.startsWith('/') && !/\s/.test(text)) {
    const prefix = text.slice(1).toLowerCase();
    const seen = new Set();
    const matches = state.canned.filter((r) => r.code.startsWith(prefix) && !seen.has(r.code) && seen.add(r.code));
    canned.show(matches.map((r) => ({ value: r.code, label: [el('strong', {}, '/' + r.code), ' ', el('span', { class: 'muted' }, r.text.slice(0, 90))] })), 'canned reply');
  } else {
    canned.hide();
  }
  const before = text.slice(0, t.selectionStart);
  const at = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_.-]*)$/u.exec(before);
  const people = state.members.filter((m) => m.username);
  if (at && people.length) {
    const q = at[1].toLowerCase();
    const found = people.filter((m) => m.username.toLowerCase().startsWith(q) || m.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)));
    mentions.show(found.slice(0, 8).map((m) => ({ value: m.username, label: [el('strong', {}, m.name), ' ',
      el('span', { class: 'muted' }, '@' + m.username + (m.online ? ' · online' : ''))] })), 'colleague');
  } else {
    mentions.hide();
  }
}

async function useCanned(item) {
  try {
    const r = await api('GET', '/chat/conversations/' + state.open + '/canned-replies/' + encodeURIComponent(item.value));
    $('text').value = r.text;
  } catch (err) {
    $('picker-status').textContent = err.message;
  }
  box.grow();
  update();
  $('text').focus();
}

function useMention(item) {
  const t = $('text');
  const before = t.value.slice(0, t.selectionStart).replace(/@[\p{L}\p{N}_.-]*$/u, '@' + item.value + ' ');
  const after = t.value.slice(t.selectionStart);
  t.value = before + after;
  t.setSelectionRange(before.length, before.length);
  update();
  t.focus();
}

function save() {
  if (draft) draft.text = $('text').value;
}

export function initComposer() {
  canned = createPicker($('canned-picker'), $('text'), $('picker-status'), useCanned);
  mentions = createPicker($('mention-picker'), $('text'), $('picker-status'), useMention);
  box = messageBox($('text'), $('counter'), $('composer'), submit, (e) => canned.key(e) || mentions.key(e));
  $('composer').addEventListener('submit', submit);
  $('text').addEventListener('input', () => {
    box.grow();
    update();
    suggest();
    if ($('text').value) typed();
  });
  $('reply-mode').addEventListener('change', () => setMode('reply'));
  $('note-mode').addEventListener('change', () => setMode('note'));
  $('attach-file').addEventListener('change', () => {
    [...$('attach-file').files].forEach((f) => tray().add(f));
    $('attach-file').value = '';
  });
  on('opening', (c) => {
    save();
    stopTyping();
    if (!drafts.has(c.id)) drafts.set(c.id, newDraft());
    draft = drafts.get(c.id);
    draft.mode = 'reply'; // every conversation opens in Reply
    $('text').value = draft.text;
    setMode('reply');
    box.grow();
    loadCanned().catch(() => {});
  });
  on('window', () => { if (draft) setMode(draft.mode); });
  on('edit', (item) => {
    if (item.conversation_id !== state.open) return;
    setMode(item.type === 'note' ? 'note' : 'reply');
    if (!$('text').value) $('text').value = item.content;
    box.grow();
    update();
    $('text').focus();
  });
}

// What this console sent and the server has not confirmed yet. Each item keeps its client_message_id until the
// server's echo (the `message` event it stored), so sending it again after a reconnect, or on Retry, never stores it
// twice. The thread shows each one with its state: sending…, queued (will send when reconnected), or failed with
// Retry / Edit / Discard.
import { state, on, emit } from './store.js';
import { $, el, notice } from './dom.js';
import { onEvent, send, isOpen } from './connection.js';
import { scrollToEnd } from './thread.js';

const NO_ANSWER_MS = 15000;
const items = new Map(); // client_message_id -> { cmid, type, conversation_id, content, attachments, state, error, sentAt }

// The answers to a text or note that was not stored (ChatService, CommandDecoder). Others are shown as a notice.
const SEND_ERRORS = [/Conversation is closed/, /24-hour WhatsApp window/, /server is busy/, /attachment/i,
  /Message content/, /'content'/, /Conversation not found/];

function newId() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
}

function transmit(item) {
  const command = { type: item.type, conversation_id: item.conversation_id, content: item.content, client_message_id: item.cmid };
  if (item.attachments.length) command.attachments = item.attachments;
  if (send(command)) {
    item.state = 'sending';
    item.sentAt = Date.now();
  } else {
    item.state = 'queued';
  }
  item.error = null;
  render();
}

/** Queues a reply ('text') or a note and sends it now if the socket is open. */
export function enqueue(type, conversationId, content, attachments) {
  const item = { cmid: newId(), type, conversation_id: conversationId, content, attachments, state: 'queued', error: null, sentAt: 0 };
  items.set(item.cmid, item);
  transmit(item);
  scrollToEnd();
  return item;
}

function stateLine(item) {
  const line = el('div', { class: 'send-state' });
  if (item.state === 'sending') line.append('Sending…');
  if (item.state === 'queued') line.append('Not connected: queued, will send when reconnected');
  if (item.state === 'failed') {
    line.append('Not sent: ' + (item.error || 'no answer from the server'));
    const retry = el('button', { type: 'button', class: 'secondary retry' }, 'Retry');
    retry.addEventListener('click', () => transmit(item));
    line.append(retry);
    if (!item.attachments.length) {
      const edit = el('button', { type: 'button', class: 'secondary edit' }, 'Edit');
      edit.addEventListener('click', () => {
        items.delete(item.cmid);
        render();
        emit('edit', item);
      });
      line.append(edit);
    }
    const discard = el('button', { type: 'button', class: 'secondary discard' }, 'Discard');
    discard.addEventListener('click', () => { items.delete(item.cmid); render(); $('text').focus(); });
    line.append(discard);
  }
  return line;
}

function render() {
  const mine = [...items.values()].filter((i) => i.conversation_id === state.open);
  $('outbox').replaceChildren(...mine.map((item) => {
    const who = el('div', { class: 'who' });
    if (item.type === 'note') who.append(el('span', { class: 'note-tag' }, 'Private note'));
    who.append(state.user.name);
    const node = el('li', { class: 'outgoing ' + item.state + (item.type === 'note' ? ' note' : ''), 'data-cmid': item.cmid },
      who, item.content);
    if (item.attachments.length) node.append(el('div', { class: 'muted small' }, item.attachments.length + ' file(s)'));
    node.append(stateLine(item));
    return node;
  }));
}

/** The stored message this console's item became: by its client_message_id when the event carries it, else by what it says. */
function matches(item, m) {
  if (m.client_message_id) return m.client_message_id === item.cmid;
  const ids = (m.attachments || []).map((a) => a.id).filter(Boolean);
  return item.conversation_id === m.conversation_id && m.sender_type === 'staff' && m.sender_name === state.user.name
    && Boolean(m.private) === (item.type === 'note') && item.content === m.content
    && ids.length === item.attachments.length && ids.every((id, i) => id === item.attachments[i]);
}

export function initOutbox() {
  onEvent('message', (m) => {
    const item = [...items.values()].find((i) => matches(i, m));
    if (item) {
      items.delete(item.cmid);
      render();
    }
  });
  onEvent('error', (data, event) => {
    const sending = [...items.values()].filter((i) => i.state === 'sending').sort((a, b) => b.sentAt - a.sentAt)[0];
    if (sending && SEND_ERRORS.some((re) => re.test(event.message))) {
      sending.state = 'failed';
      sending.error = event.message;
      render();
    } else {
      notice('Error: ' + event.message);
    }
  });
  on('connected', () => items.forEach((item) => { if (item.state !== 'failed') transmit(item); }));
  on('disconnected', () => {
    items.forEach((item) => { if (item.state === 'sending') item.state = 'queued'; });
    render();
  });
  on('opening', render);
  on('opened', render);
  on('left', render);
  setInterval(() => {
    let changed = false;
    items.forEach((item) => {
      if (item.state === 'sending' && isOpen() && Date.now() - item.sentAt > NO_ANSWER_MS) {
        item.state = 'failed';
        item.error = 'no answer from the server within ' + NO_ANSWER_MS / 1000 + ' s (Retry is safe: it is never stored twice)';
        changed = true;
      }
    });
    if (changed) render();
  }, 1000);
}

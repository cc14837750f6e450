// The console's outbox (sends.js): every reply or note until the server's echo, the `message` event that carries its
// client_message_id (only this console's own send, never a colleague's or another tab's with the same words). The
// thread shows each with its state: sending…, queued (will send when reconnected), or failed with Retry / Edit /
// Discard.
import { state, on, emit } from './store.js';
import { $, el } from './dom.js';
import { onEvent, onError, send, isOpen } from './connection.js';
import { scrollToEnd } from './thread.js';
import { pendingSends, sendStateLine } from './sends.js';

// The answers to a text or note that was not stored (ChatService, CommandDecoder). Others are shown as a notice.
const SEND_ERRORS = [/Conversation is closed/, /24-hour WhatsApp window/, /server is busy/, /attachment/i,
  /Message content/, /'content'/, /Conversation not found/];

const outbox = pendingSends(send, isOpen, () => render());

/** Queues a reply ('text') or a note and sends it now if the socket is open. */
export function enqueue(type, conversationId, content, attachments) {
  const command = { type, conversation_id: conversationId, content };
  if (attachments.length) command.attachments = attachments;
  const item = outbox.add(command);
  scrollToEnd();
  return item;
}

function actions(item) {
  const discard = () => { outbox.remove(item.cmid); $('text').focus(); };
  if (item.command.attachments) return { Retry: () => outbox.transmit(item), Discard: discard };
  return { Retry: () => outbox.transmit(item), Edit: () => { outbox.remove(item.cmid); emit('edit', item.command); }, Discard: discard };
}

function render() {
  const mine = outbox.list().filter((i) => i.command.conversation_id === state.open);
  $('outbox').replaceChildren(...mine.map((item) => {
    const note = item.command.type === 'note';
    const who = el('div', { class: 'who' });
    if (note) who.append(el('span', { class: 'note-tag' }, 'Private note'));
    who.append(state.user.name);
    const node = el('li', { class: 'outgoing ' + item.state + (note ? ' note' : ''), 'data-cmid': item.cmid },
      who, item.command.content);
    if (item.command.attachments) node.append(el('div', { class: 'muted small' }, item.command.attachments.length + ' file(s)'));
    node.append(sendStateLine(item, actions(item)));
    return node;
  }));
}

export function initOutbox() {
  onEvent('message', (m) => { if (m.client_message_id) outbox.remove(m.client_message_id); });
  SEND_ERRORS.forEach((pattern) => onError(pattern, (message) => outbox.failNewest(message)));
  on('connected', () => outbox.connected());
  on('disconnected', () => outbox.disconnected());
  on('opening', render);
  on('opened', render);
  on('left', render);
}

// WhatsApp's 24-hour window and templates. The line above the composer says whether free text reaches the guest now
// (a WhatsApp guest's window open until a time) or only an approved template does (the window closed, or a guest who
// never wrote over WhatsApp); while it is closed the composer's Reply waits for a template and this line offers one.
// The template dialog lists the approved templates with their parameters filled from the guest's profile (editable),
// shows the text as the guest will read it, and sends it now or at a time (a scheduled message).
import { state, on, emit } from './store.js';
import { api } from './api.js';
import { $, el, shortTime } from './dom.js';
import { onEvent } from './connection.js';
import { openDialog } from './dialog.js';

let options = null; // GET /chat/conversations/{id}/templates/ of the open conversation
let expiry = null;
let reload = null;

const FIELD_NAMES = { guest_name: 'guest name', room_number: 'room', check_in: 'check-in date',
  check_out: 'check-out date', agent_name: 'your name' };

/** Whether free text reaches the guest; null while unknown. */
function windowOpen() {
  if (!options) return null;
  const w = options.window;
  return w.whatsapp && new Date(w.expires_at) > new Date();
}

/**
 * A WhatsApp guest's window, closed: a line above the composer that offers a template (the composer's Reply waits);
 * open: until when, in the composer's own line. A guest who never wrote over WhatsApp (a web chat) gets neither, only
 * the composer's Template button: a template reaches them on WhatsApp too.
 */
function showWindow() {
  clearTimeout(expiry);
  const usable = Boolean(options?.sending_enabled && options.templates.length);
  const open = windowOpen();
  const w = options?.window;
  state.windowClosed = Boolean(options?.sending_enabled && w.whatsapp && !open);
  $('window-banner').classList.toggle('hidden', !state.windowClosed);
  $('window-text').textContent = state.windowClosed
    ? 'WhatsApp window closed (no message from the guest for 24 hours): only a template reaches them.' : '';
  $('template-open').disabled = !usable;
  $('template-button').classList.toggle('hidden', !usable || state.windowClosed);
  const until = open ? new Date(w.expires_at) : null;
  $('window-state').textContent = open ? 'Window open until ' + shortTime(w.expires_at) : '';
  if (open) expiry = setTimeout(showWindow, Math.min(until - new Date() + 500, 2 ** 31 - 1));
  emit('window');
}

async function load(id) {
  try {
    const r = await api('GET', '/chat/conversations/' + id + '/templates/');
    if (state.open !== id) return;
    options = r;
  } catch (err) {
    options = null;
  }
  showWindow();
}

// ---- the dialog ----
function chosen() {
  return options?.templates.find((t) => String(t.id) === $('template-select').value) || null;
}

/** The value of each parameter as the form has it: {header: {...}, body: {...}}. */
function values() {
  const read = (part) => Object.fromEntries([...$('template-fields').querySelectorAll(`input[data-part=${part}]`)]
    .map((i) => [i.dataset.parameter, i.value.trim()]));
  return { header: read('header'), body: read('body') };
}

function fill(text, vals) {
  return (text || '').replace(/\{\{\s*([a-z0-9_]+)\s*\}\}/g, (m, p) => vals[p] || m);
}

function preview() {
  const t = chosen();
  if (!t) return;
  const v = values();
  const parts = [];
  if (t.header?.format === 'TEXT') parts.push(fill(t.header.text, v.header));
  parts.push(fill(t.body, v.body));
  if (t.footer) parts.push(t.footer);
  if (t.buttons.length) parts.push(t.buttons.map((b) => '[' + b.text + ']').join('\n'));
  $('template-preview').textContent = parts.join('\n\n');
  const missing = [...$('template-fields').querySelectorAll('input')].filter((i) => !i.value.trim());
  $('template-send').disabled = Boolean(t.unsendable) || missing.length > 0;
  $('template-error').textContent = t.unsendable || (missing.length ? 'Fill in every parameter.' : '');
}

function fields() {
  const t = chosen();
  const inputs = [];
  if (t) {
    const add = (part, parameter) => {
      const id = 'tp-' + part + '-' + parameter;
      const field = t.prefill[parameter];
      const label = (part === 'header' ? 'Header ' : '') + '{{' + parameter + '}}'
        + (field ? ' · ' + FIELD_NAMES[field] : '');
      const input = el('input', { id, type: 'text', maxlength: '1024', 'data-part': part, 'data-parameter': parameter,
        value: t.prefilled[part][parameter] || '' });
      input.addEventListener('input', preview);
      inputs.push(el('div', { class: 'template-field' }, el('label', { for: id }, label), input));
    };
    t.header_parameters.forEach((p) => add('header', p));
    t.parameters.forEach((p) => add('body', p));
  }
  $('template-fields').replaceChildren(...inputs);
  preview();
}

function openTemplates(e) {
  if (!options) return;
  $('template-window').textContent = $('window-text').textContent || $('window-state').textContent
    || 'This guest has not written over WhatsApp: a template reaches them there.';
  $('template-select').replaceChildren(...options.templates.map((t) => el('option', { value: t.id },
    t.name + ' (' + t.language + ', ' + t.category.toLowerCase() + ')')));
  $('template-at').value = '';
  $('template-send').textContent = 'Send';
  fields();
  openDialog($('template-dialog'), e?.currentTarget);
}

async function sendTemplate(e) {
  e.preventDefault();
  const t = chosen();
  if (!t || !state.open) return;
  const v = values();
  const at = $('template-at').value;
  const body = { template_id: t.id, parameters: v.body, header_parameters: v.header };
  try {
    if (at) {
      await api('POST', '/chat/conversations/' + state.open + '/scheduled/', { ...body, send_at: new Date(at).toISOString() });
    } else {
      await api('POST', '/chat/conversations/' + state.open + '/templates/',
        { ...body, client_message_id: 'tpl-' + crypto.randomUUID() });
    }
    $('template-dialog').close('sent');
  } catch (err) {
    $('template-error').textContent = err.message;
  }
}

export function initTemplates() {
  $('template-open').addEventListener('click', openTemplates);
  $('template-button').addEventListener('click', openTemplates);
  $('template-select').addEventListener('change', fields);
  $('template-at').addEventListener('input', () => {
    $('template-send').textContent = $('template-at').value ? 'Schedule' : 'Send';
  });
  $('template-form').addEventListener('submit', sendTemplate);
  $('template-cancel').addEventListener('click', () => $('template-dialog').close('cancel'));
  on('opening', () => {
    options = null;
    showWindow();
  });
  on('opened', (c) => load(c.id));
  on('left', () => {
    options = null;
    showWindow();
  });
  // A guest's message opens the window again (and a profile change changes what is prefilled): read it anew.
  onEvent('message', (m) => {
    if (m.conversation_id !== state.open || m.sender_type !== 'guest') return;
    clearTimeout(reload);
    reload = setTimeout(() => load(m.conversation_id), 300);
  });
  on('state', ({ conversation, type }) => {
    if (type === 'guest_updated' && conversation.id === state.open) load(conversation.id);
  });
}

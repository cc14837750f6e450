// Managing canned replies in the console: a member manages their departments' replies and their own personal ones
// (the server decides; a refusal is shown). Opened from the header.
import { state } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { openDialog } from './dialog.js';

let replies = [];

function ownerText(r) {
  return r.personal ? 'only me' : r.department;
}

function edit(r) {
  $('canned-form-title').textContent = r ? 'Edit /' + r.code : 'New canned reply';
  $('canned-id').value = r ? r.id : '';
  $('canned-code').value = r ? r.code : '';
  $('canned-text').value = r ? r.text : '';
  $('canned-owner').value = r ? (r.personal ? '' : r.department) : '';
  $('canned-owner').disabled = Boolean(r); // where a reply belongs is chosen when it is made
  $('canned-error').textContent = '';
  $('canned-code').focus();
}

async function load() {
  replies = (await api('GET', '/chat/canned-replies/')).canned_replies;
  state.canned = replies;
  $('canned-list').replaceChildren(...(replies.length ? replies.map((r) => {
    const change = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Edit /' + r.code }, 'Edit');
    change.addEventListener('click', () => edit(r));
    const remove = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Delete /' + r.code }, 'Delete');
    remove.addEventListener('click', async () => {
      try {
        await api('DELETE', '/chat/canned-replies/' + r.id);
        await load();
        $('canned-new').focus();
      } catch (err) {
        $('canned-error').textContent = err.message;
      }
    });
    return el('li', { 'data-id': r.id }, el('strong', {}, '/' + r.code), el('span', { class: 'owner' }, ownerText(r)),
      el('span', { class: 'text' }, r.text), change, remove);
  }) : [el('li', { class: 'muted' }, 'No canned replies yet.')]));
}

async function save(e) {
  e.preventDefault();
  const id = $('canned-id').value;
  const body = { code: $('canned-code').value.trim(), text: $('canned-text').value };
  try {
    if (id) await api('PATCH', '/chat/canned-replies/' + id, body);
    else await api('POST', '/chat/canned-replies/', { ...body, ...($('canned-owner').value ? { department: $('canned-owner').value } : {}) });
    await load();
    edit(null);
  } catch (err) {
    $('canned-error').textContent = err.message;
  }
}

export function initManage() {
  $('canned-owner').replaceChildren(el('option', { value: '' }, 'Only me (personal)'),
    ...state.user.departments.map((d) => el('option', { value: d }, 'Department: ' + d)));
  $('manage-canned').addEventListener('click', () => {
    edit(null);
    load().catch((err) => ($('canned-error').textContent = err.message));
    openDialog($('canned-dialog'), $('account-menu-button'));
  });
  $('canned-form').addEventListener('submit', save);
  $('canned-new').addEventListener('click', () => edit(null));
  $('canned-close').addEventListener('click', () => $('canned-dialog').close());
}

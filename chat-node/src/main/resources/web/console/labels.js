// Labels: every label (for the list's filter), the open conversation's labels as chips, and the Labels menu that
// puts them on and takes them off (live for everyone as conversation_labels).
import { state, on } from './store.js';
import { api } from './api.js';
import { $, el, notice } from './dom.js';
import { menuButton } from './menu.js';
import { expected, versionOf } from './versions.js';
import { CHANGED_MEANWHILE, changedMeanwhile } from './desk.js';

let onConversation = [];

/** A coloured chip; with onRemove, a button to take the label off. */
export function labelChip(l, onRemove) {
  const chip = el('span', { class: 'label-chip', style: 'background:' + l.color }, l.name);
  if (onRemove) {
    const x = el('button', { type: 'button', 'aria-label': 'Remove label ' + l.name }, '×');
    x.addEventListener('click', onRemove);
    chip.append(x);
  }
  return chip;
}

export async function loadLabels() {
  state.labels = (await api('GET', '/chat/labels/')).labels;
  const keep = $('label-filter').value;
  $('label-filter').replaceChildren(el('option', { value: '' }, 'Any'), ...state.labels.map((l) => el('option', { value: l.name }, l.name)));
  $('label-filter').value = keep;
}

/**
 * Puts a label on or takes it off, conditional on the version shown. The answer's labels are shown at once when they
 * are newer than what the console holds (its conversation_labels event, with the whole state, follows).
 */
async function change(method, path, body) {
  const id = state.open;
  try {
    const answer = await api(method, path, body);
    if (id === state.open && answer.version > versionOf(id)) renderChips(answer.labels);
  } catch (err) {
    if (CHANGED_MEANWHILE.test(err.message)) changedMeanwhile().catch(() => {});
    else notice('Error: ' + err.message);
  }
}

const put = (l) => change('POST', '/chat/conversations/' + state.open + '/labels/', { label_id: l.id, ...expected(state.open) });
const takeOff = (l) => change('DELETE', '/chat/conversations/' + state.open + '/labels/' + l.id
  + (versionOf(state.open) ? '?expected_version=' + versionOf(state.open) : ''));

function renderChips(labels) {
  onConversation = labels;
  $('label-chips').replaceChildren(...labels.map((l) => labelChip(l, () => takeOff(l))));
  fillMenu();
}

function fillMenu() {
  const menu = $('labels-menu');
  const focused = document.activeElement && menu.contains(document.activeElement) ? document.activeElement.dataset.id : null;
  const on = new Set(onConversation.map((l) => l.id));
  menu.replaceChildren(...(state.labels.length ? state.labels.map((l) => {
    const item = el('button', { type: 'button', role: 'menuitemcheckbox', 'aria-checked': String(on.has(l.id)), 'data-id': l.id },
      el('span', { class: 'swatch', style: 'background:' + l.color, 'aria-hidden': 'true' }), l.name);
    item.addEventListener('click', () => (on.has(l.id) ? takeOff(l) : put(l)));
    return item;
  }) : [el('button', { type: 'button', role: 'menuitem', disabled: true }, 'No labels yet (an admin creates them)')]));
  if (focused) menu.querySelector(`[data-id="${focused}"]`)?.focus();
}

export function initLabels() {
  menuButton($('labels-menu-button'), fillMenu);
  on('opened', (c) => loadLabels().then(() => renderChips(c.labels || state.current?.labels || [])).catch(() => {}));
  on('state', ({ conversation }) => { if (conversation.id === state.open) renderChips(conversation.labels || []); });
}

// Labels: the list of every label (for the filter and the conversation's label control) and label chips.
import { state } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';

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
  $('label-add').replaceChildren(el('option', { value: '' }, '…'), ...state.labels.map((l) => el('option', { value: String(l.id) }, l.name)));
}

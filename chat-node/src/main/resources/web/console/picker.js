// A suggestion list under the composer's text (the '/' canned replies, '@' colleagues): the text keeps focus, the
// arrow keys move the selection (aria-activedescendant tells a screen reader which), Enter or Tab picks, Escape
// closes. A polite live region says how many suggestions there are.
import { el } from './dom.js';

export function createPicker(list, input, status, onPick) {
  let options = [];
  let index = 0;

  function select(i) {
    index = (i + options.length) % options.length;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === index)));
    input.setAttribute('aria-activedescendant', list.children[index].id);
    list.children[index].scrollIntoView({ block: 'nearest' });
  }

  function hide() {
    if (list.classList.contains('hidden')) return;
    list.classList.add('hidden');
    list.replaceChildren();
    options = [];
    input.removeAttribute('aria-activedescendant');
  }

  /** items: [{ value, label: [nodes or strings], data }] */
  function show(items, what) {
    options = items;
    if (!items.length) {
      hide();
      return;
    }
    list.replaceChildren(...items.map((item, i) => {
      const li = el('li', { id: list.id + '-' + i, role: 'option', 'aria-selected': 'false', 'data-value': item.value }, ...item.label);
      li.addEventListener('mousedown', (e) => e.preventDefault()); // the text keeps focus
      li.addEventListener('click', () => pick(i));
      return li;
    }));
    list.classList.remove('hidden');
    input.setAttribute('aria-controls', list.id);
    select(0);
    status.textContent = items.length + ' ' + what + (items.length === 1 ? '' : 's') + ': up and down arrows to choose, Enter to use';
  }

  function pick(i = index) {
    const item = options[i];
    hide();
    if (item) onPick(item);
  }

  /** True when the key was the picker's. */
  function key(e) {
    if (list.classList.contains('hidden') || !options.length) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      select(index + (e.key === 'ArrowDown' ? 1 : -1));
    } else if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
      pick();
    } else if (e.key === 'Escape') {
      hide();
    } else {
      return false;
    }
    e.preventDefault();
    e.stopPropagation();
    return true;
  }

  input.addEventListener('blur', () => setTimeout(hide, 150));
  return { show, hide, key, isOpen: () => !list.classList.contains('hidden') };
}

// Which screen a phone shows (list, conversation or guest panel: one at a time, with back buttons); on a laptop
// all three are side by side and only the guest panel's button between the two sizes matters.
import { on } from './store.js';
import { $ } from './dom.js';

export function showView(view) {
  $('console').dataset.view = view;
}

export function initLayout() {
  $('back').addEventListener('click', () => {
    showView('list');
    const current = document.querySelector('#conversation-list .item[aria-current=true]');
    (current || $('search')).focus();
  });
  $('guest-panel-button').addEventListener('click', () => {
    showView('guest');
    $('profile-name').focus();
  });
  $('guest-back').addEventListener('click', () => {
    showView('thread');
    $('guest-panel-button').focus();
  });
  on('opening', () => showView('thread'));
  on('left', () => showView('list'));
}

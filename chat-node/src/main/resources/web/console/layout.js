// Which screen a phone shows (list, conversation or guest panel: one at a time, with back buttons); on a laptop
// all three are side by side. In between (a tablet, a narrow window) the guest panel opens over the thread with its
// button and closes with its back button or Escape, the focus going back to the button.
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
  const closePanel = () => {
    showView('thread');
    $('guest-panel-button').focus();
  };
  $('guest-back').addEventListener('click', closePanel);
  $('presence').addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && $('console').dataset.view === 'guest') {
      e.preventDefault();
      closePanel();
    }
  });
  on('opening', () => showView('thread'));
  on('left', () => showView('list'));
}

// Menu buttons (WAI-ARIA menu button pattern): the button opens its menu (click, Enter, Space, ArrowDown/ArrowUp),
// arrow keys, Home and End move between items, Escape closes it and gives focus back to the button, Tab or a click
// elsewhere closes it. Items are buttons with role menuitem or menuitemcheckbox.

const items = (menu) => [...menu.querySelectorAll('[role^=menuitem]:not([disabled])')];
let openMenu = null;

function close(focusButton) {
  if (!openMenu) return;
  const { button, menu } = openMenu;
  openMenu = null;
  menu.classList.add('hidden');
  button.setAttribute('aria-expanded', 'false');
  if (focusButton) button.focus();
}

function open(button, menu, focusLast) {
  close(false);
  menu.classList.remove('hidden');
  button.setAttribute('aria-expanded', 'true');
  openMenu = { button, menu };
  const list = items(menu);
  if (list.length) (focusLast ? list.at(-1) : list[0]).focus();
}

/** Makes `button` open the menu it controls (aria-controls). onOpen() may fill the menu first. */
export function menuButton(button, onOpen = () => {}) {
  const menu = document.getElementById(button.getAttribute('aria-controls'));
  button.addEventListener('click', () => {
    if (openMenu && openMenu.menu === menu) return close(true);
    onOpen(menu);
    open(button, menu, false);
  });
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onOpen(menu);
      open(button, menu, e.key === 'ArrowUp');
    }
  });
  menu.addEventListener('keydown', (e) => {
    const list = items(menu);
    const i = list.indexOf(document.activeElement);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: list.length - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      list[(to + list.length) % list.length].focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    }
  });
  // An item that was chosen closes the menu (a checkbox item stays open so several can be toggled).
  menu.addEventListener('click', (e) => {
    const item = e.target.closest('[role=menuitem]');
    if (item) close(true);
  });
}

document.addEventListener('click', (e) => {
  if (openMenu && !openMenu.menu.contains(e.target) && !openMenu.button.contains(e.target)) close(false);
});

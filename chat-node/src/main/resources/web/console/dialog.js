// Modal dialogs on the native <dialog>: showModal() makes the rest of the page inert (focus stays inside) and
// Escape closes it; focus goes back to what opened it. onClose(returnValue) runs when it closes.
export function openDialog(dialog, opener, onClose = () => {}) {
  const back = opener || document.activeElement;
  dialog.returnValue = '';
  dialog.addEventListener('close', () => {
    onClose(dialog.returnValue);
    if (back && back.isConnected && back.offsetParent !== null) back.focus();
    else document.getElementById('thread-body')?.focus();
  }, { once: true });
  dialog.showModal();
  const first = dialog.querySelector('[autofocus], input:not([type=hidden]), select, textarea, button');
  if (first) first.focus();
}

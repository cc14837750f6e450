// The message box of the console's composer and of the guest page: a textarea where Enter sends and Shift+Enter starts
// a new line, which grows a few lines (CSS max-height) and then scrolls, with a counter that appears near the
// 4,096-character limit. Longer text is refused with a sentence that says so, never cut.
export const MAX_CHARS = 4096;
const COUNT_FROM = 3600;

/**
 * text: the textarea; counter: where the count goes; form: marked `too-long` while over the limit. onSubmit() on
 * Enter; intercept(e) may take a key first (a picker's arrows and Enter) by answering true.
 */
export function messageBox(text, counter, form, onSubmit, intercept = () => false) {
  function grow() {
    text.style.height = 'auto';
    text.style.height = text.scrollHeight + 2 + 'px'; // CSS max-height stops it at a few lines, then it scrolls
  }

  /** The counter and the marks of too long a text; answers whether it is over the limit. */
  function update() {
    const length = text.value.length;
    const over = length > MAX_CHARS;
    counter.classList.toggle('hidden', length < COUNT_FROM);
    counter.classList.toggle('over', over);
    counter.textContent = over ? length.toLocaleString('en') + ' / 4,096: ' + (length - MAX_CHARS).toLocaleString('en')
      + ' too many, shorten it to send' : length.toLocaleString('en') + ' / 4,096';
    form.classList.toggle('too-long', over);
    text.setAttribute('aria-invalid', String(over));
    return over;
  }

  /** True (and says why) when the text may not be sent as it is. */
  function refused() {
    const length = text.value.length;
    if (length <= MAX_CHARS) return false;
    counter.classList.remove('hidden');
    counter.textContent = 'Not sent: ' + length.toLocaleString('en') + ' characters, at most 4,096. Shorten it, or send it in two messages.';
    text.focus();
    return true;
  }

  text.addEventListener('keydown', (e) => {
    if (intercept(e)) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      onSubmit();
    }
  });

  /** Empties the box after a send. */
  function clear() {
    text.value = '';
    grow();
    update();
  }

  return { grow, update, refused, clear };
}

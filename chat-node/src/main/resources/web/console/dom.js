// Small DOM helpers for the console. User content only ever goes through text nodes and attributes.
export { el } from '/media.js';

export const $ = (id) => document.getElementById(id);

/** Shows a short sentence in the thread's status line (errors of commands, closed or transferred conversations). */
export function notice(text) {
  $('typing').textContent = text;
}

/** "14:05" today, "Mon 14:05" this week, else "12 Mar": short enough for a list row. */
export function shortTime(iso) {
  const t = new Date(iso);
  const now = new Date();
  const time = t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  if (t.toDateString() === now.toDateString()) return time;
  if (now - t < 6 * 86400e3) return t.toLocaleDateString([], { weekday: 'short' }) + ' ' + time;
  return t.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

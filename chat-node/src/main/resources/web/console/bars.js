// Horizontal bar charts in plain HTML and CSS (no library, no canvas): each bar's length is its value against the
// largest of the chart, and its value is written beside it, so the chart reads as a list of labels and values to a
// screen reader and still works when its colours do not (the series are told apart by pattern and name too).
import { el } from './dom.js';

/**
 * A chart: `rows` are { label (text or nodes), values: [number|null, ...] }, one value per series; `series` are { name, key } (key
 * picks the bar's style); `format` writes a value. A value of null is written as "—" with no bar.
 */
export function barChart(title, rows, series, format) {
  const max = Math.max(0, ...rows.flatMap((r) => r.values.filter((v) => v !== null)));
  const legend = series.length > 1
    ? el('p', { class: 'legend', 'aria-hidden': 'true' }, series.map((s) => el('span', { class: 'key ' + s.key }, s.name)))
    : null;
  const items = rows.map((r) => el('li', {}, el('span', { class: 'bar-label' }, r.label),
    el('span', { class: 'bar-lines' }, r.values.map((v, i) => {
      const bar = el('span', { class: 'bar ' + series[i].key, 'aria-hidden': 'true' });
      bar.style.width = v ? Math.max(0.5, (100 * v) / max) + '%' : '0';
      return el('span', { class: 'bar-line' }, el('span', { class: 'bar-track' }, bar),
        el('span', { class: 'bar-value' }, v === null ? '—' : format(v),
          series.length > 1 ? el('span', { class: 'visually-hidden' }, ' ' + series[i].name) : null));
    }))));
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), legend,
    items.length ? el('ul', { class: 'bars' }, items) : el('p', { class: 'muted small' }, 'Nothing in this period.'));
}

// The Reports screen, for admins (every department) and department staff (their own): a period in the browser's time
// zone (presets or two dates, both included), a department, then GET /chat/reports/ as charts and a table, and the
// same report as CSV. Opened from the account menu over the desk or the admin screens, which stay as they were.
import { state } from './store.js';
import { api } from './api.js';
import { $, el } from './dom.js';
import { barChart } from './bars.js';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
let screen = null; // the screen the report was opened over, shown again by Back
let ready = false;

const pad = (n) => String(n).padStart(2, '0');
const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The day after an ISO date: the period's end, which the server does not include. */
function nextDay(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return day(new Date(y, m - 1, d + 1));
}

function preset(name) {
  const today = new Date();
  const y = today.getFullYear();
  const m = today.getMonth();
  const [from, to] = {
    7: [new Date(y, m, today.getDate() - 6), today],
    30: [new Date(y, m, today.getDate() - 29), today],
    month: [new Date(y, m, 1), today],
    'last-month': [new Date(y, m - 1, 1), new Date(y, m, 0)],
  }[name];
  $('report-from').value = day(from);
  $('report-to').value = day(to);
}

function query(format) {
  const p = new URLSearchParams({ from: $('report-from').value, to: nextDay($('report-to').value), tz: zone });
  if ($('report-department').value) p.set('department', $('report-department').value);
  if (format) p.set('format', format);
  return '/chat/reports/?' + p;
}

/** 45 s, 3 min 20 s, 2 h 05 min, 3 d 4 h: as precise as a person reading a report needs. */
export function duration(seconds) {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

const timing = (t) => (t.count ? `${duration(t.median_seconds)} · ${duration(t.p90_seconds)}` : '—');
const counted = (t) => el('span', { class: 'count' }, t.count ? ` (${t.count})` : '');

function rows(report) {
  return report.departments.flatMap((d) => [
    el('tr', { class: 'department' }, el('th', { scope: 'row' }, d.department),
      el('td', {}, d.conversations_opened), el('td', {}, timing(d.first_response), counted(d.first_response)),
      el('td', {}, timing(d.resolution), counted(d.resolution)), el('td', {}, d.messages_sent),
      el('td', {}, d.waited_past_threshold, el('span', { class: 'muted small' }, ' over ' + duration(d.waiting_alert_seconds)))),
    ...d.agents.map((a) => el('tr', { class: 'agent' }, el('th', { scope: 'row' }, a.name,
      el('span', { class: 'visually-hidden' }, ', ' + d.department)),
    el('td', {}, ''), el('td', {}, timing(a.first_response), counted(a.first_response)),
    el('td', {}, timing(a.resolution), counted(a.resolution)), el('td', {}, a.messages_sent), el('td', {}, ''))),
  ]);
}

function charts(report) {
  const departments = report.departments;
  const agents = departments.flatMap((d) => d.agents.map((a) => ({ ...a, department: d.department })));
  const several = departments.length > 1;
  return [
    barChart('First response by department', departments.map((d) => ({ label: d.department,
      values: [d.first_response.median_seconds, d.first_response.p90_seconds] })),
    [{ name: 'median', key: 's0' }, { name: '90%', key: 's1' }], duration),
    barChart('Conversations opened, and those that waited past the alert', departments.map((d) => ({
      label: d.department, values: [d.conversations_opened, d.waited_past_threshold] })),
    [{ name: 'opened', key: 's0' }, { name: 'waited', key: 's2' }], String),
    barChart('Replies sent by staff member', agents.map((a) => ({
      label: [a.name, several ? el('span', { class: 'sub' }, a.department) : null], values: [a.messages_sent] })),
    [{ name: 'replies', key: 's0' }], String),
  ];
}

async function show(e) {
  if (e) e.preventDefault();
  $('report-error').textContent = '';
  if (!$('report-form').reportValidity()) return;
  $('report-show').disabled = true;
  try {
    const report = await api('GET', query());
    const shown = `${$('report-from').value} to ${$('report-to').value}, ${zone}`;
    $('report-period').textContent = `${shown}: conversations opened in this period, replies and waits within it.`;
    $('report-charts').replaceChildren(...charts(report));
    $('report-rows').replaceChildren(...rows(report));
  } catch (err) {
    $('report-error').textContent = err.message;
  } finally {
    $('report-show').disabled = false;
  }
}

/** The CSV goes with the session's token (a plain link would carry none), then is saved under the server's name. */
async function download(e) {
  e.preventDefault();
  $('report-error').textContent = '';
  if (!$('report-form').reportValidity()) return;
  const response = await fetch(query('csv'), { headers: { Authorization: 'Bearer ' + state.token } });
  if (!response.ok) {
    $('report-error').textContent = (await response.json().catch(() => ({}))).error || 'HTTP ' + response.status;
    return;
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '')?.[1] || 'desk-report.csv';
  const url = URL.createObjectURL(await response.blob());
  const save = el('a', { href: url, download: name, class: 'hidden' });
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function prepare() {
  document.querySelectorAll('#report-form [data-preset]').forEach((b) => b.addEventListener('click', () => {
    preset(b.dataset.preset);
    show();
  }));
  $('report-form').addEventListener('submit', show);
  $('report-csv').addEventListener('click', download);
  $('report-from').addEventListener('change', () => ($('report-to').min = $('report-from').value));
  $('reports-back').addEventListener('click', closeReports);
  preset(30);
  ready = true;
  const { departments } = await api('GET', '/chat/departments/');
  const mine = state.user.user_type === 'admin' ? departments : departments.filter((d) => d.member);
  $('report-department').replaceChildren(el('option', { value: '' }, 'All'),
    ...mine.map((d) => el('option', { value: d.name }, d.name)));
}

export async function openReports() {
  screen = ['console', 'admin'].map($).find((m) => !m.classList.contains('hidden')) || screen;
  screen?.classList.add('hidden');
  $('reports').classList.remove('hidden');
  $('reports-title').focus();
  if (!ready) await prepare().catch((err) => ($('report-error').textContent = err.message));
  await show();
}

function closeReports() {
  $('reports').classList.add('hidden');
  screen?.classList.remove('hidden');
  $('account-menu-button').focus();
}

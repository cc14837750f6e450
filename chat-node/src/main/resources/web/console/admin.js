// The admin screens (REST only): departments, labels, staff.
import { api } from './api.js';
import { $, el } from './dom.js';
import { labelChip } from './labels.js';

async function loadAdmin() {
  const [{ departments }, { staff }, { labels }] = await Promise.all([api('GET', '/admin/departments'),
    api('GET', '/admin/staff'), api('GET', '/chat/labels/')]);
  $('admin-labels').replaceChildren(...labels.map(labelRow));
  $('department-list').replaceChildren(...departments.map((d) => el('li', {}, d.name)));
  $('staff-list').replaceChildren(...staff.map((u) => {
    const toggle = el('button', { type: 'button', class: 'secondary' }, u.active ? 'Deactivate' : 'Activate');
    toggle.addEventListener('click', () => adminCall(() => api('PATCH', '/admin/staff/' + u.id, { active: !u.active })));
    return el('tr', {}, el('td', {}, u.username), el('td', {}, u.name), el('td', {}, u.departments.join(', ')),
      el('td', {}, u.active ? 'yes' : 'no'), el('td', {}, toggle));
  }));
}

// A label as a row: its chip, then its name and colour to change, Save and Delete.
function labelRow(l) {
  const name = el('input', { type: 'text', value: l.name, 'aria-label': 'Name of label ' + l.name, pattern: '[a-z0-9][a-z0-9 _-]{0,39}' });
  const color = el('input', { type: 'color', value: l.color, 'aria-label': 'Colour of label ' + l.name });
  const save = el('button', { type: 'button', class: 'secondary' }, 'Save');
  save.addEventListener('click', () => adminCall(() => api('PATCH', '/admin/labels/' + l.id, { name: name.value.trim(), color: color.value })));
  const remove = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Delete label ' + l.name }, 'Delete');
  remove.addEventListener('click', () => adminCall(() => api('DELETE', '/admin/labels/' + l.id)));
  return el('li', { 'data-id': l.id }, labelChip(l), name, color, save, remove);
}

async function adminCall(call) {
  $('admin-error').textContent = '';
  try {
    await call();
    await loadAdmin();
  } catch (err) {
    $('admin-error').textContent = err.message;
  }
}

export function startAdmin() {
  $('label-form').addEventListener('submit', (e) => {
    e.preventDefault();
    adminCall(() => api('POST', '/admin/labels', { name: $('label-name').value, color: $('label-color').value }));
  });
  $('department-form').addEventListener('submit', (e) => {
    e.preventDefault();
    adminCall(() => api('POST', '/admin/departments', { name: $('department-name').value }));
  });
  $('staff-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const departments = $('staff-departments').value.split(',').map((s) => s.trim()).filter(Boolean);
    adminCall(() => api('POST', '/admin/staff', { username: $('staff-username').value, name: $('staff-name').value,
      password: $('staff-password').value, user_type: 'department_staff', departments }));
  });
  $('admin').classList.remove('hidden');
  loadAdmin();
}

// Files in the chat, shared by the staff console and the guest page (an ES module): uploading with progress, and
// showing what a message carries (thumbnails and a viewer for images, players for audio and video, a link for
// documents, a map link for a place). Links in events are signed and short-lived; a link that has expired is fetched
// again with the page's token. User content only ever goes through textContent and attributes, never innerHTML.

/** One element: attributes set as attributes (`class` as className), children appended as nodes or as text. */
export function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k === 'class') n.className = v;
    else n.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach((c) => {
    if (c !== undefined && c !== null && c !== false) n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return n;
}

export function size(bytes) {
  if (bytes >= 1e6) return (bytes / 1e6).toFixed(1) + ' MB';
  if (bytes >= 1e3) return Math.round(bytes / 1e3) + ' kB';
  return bytes + ' B';
}

// Uploads one file; onProgress(fraction). Resolves with the node's answer ({id, type, name, size, url}).
function upload(file, token, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/media/?name=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (ignored) { /* not JSON */ }
      if (xhr.status === 201) resolve(body);
      else reject(new Error(body.error || 'Upload failed (HTTP ' + xhr.status + ')'));
    };
    xhr.onerror = () => reject(new Error('Upload failed: the connection broke off'));
    xhr.send(file);
  });
}

// When a signed link has expired, the file is fetched with the token and shown from memory.
function refreshOnError(element, attachment, token) {
  element.addEventListener('error', async () => {
    if (element.dataset.refreshed) return;
    element.dataset.refreshed = '1';
    const response = await fetch('/media/' + attachment.id, { headers: { Authorization: 'Bearer ' + token() } });
    if (response.ok) element.src = URL.createObjectURL(await response.blob());
  }, { once: true });
}

// The image viewer: a modal dialog (the page behind is inert while it is open); Escape or Close shuts it and focus
// goes back to the thumbnail that opened it.
function viewer(src, name, opener) {
  let dialog = document.getElementById('viewer');
  if (!dialog) {
    dialog = el('dialog', { id: 'viewer', 'aria-label': 'Image' },
      el('img', { alt: '' }), el('button', { type: 'button', class: 'close' }, 'Close'));
    dialog.querySelector('.close').addEventListener('click', () => dialog.close());
    dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });
    document.body.append(dialog);
  }
  dialog.querySelector('img').src = src;
  dialog.querySelector('img').alt = name || 'Image';
  dialog.setAttribute('aria-label', name || 'Image');
  dialog.addEventListener('close', () => opener?.focus(), { once: true });
  dialog.showModal();
  dialog.querySelector('.close').focus();
}

function attachment(a, token) {
  if (!a.available) return el('div', { class: 'file missing' }, (a.name || a.type) + ' — the file could not be fetched');
  if (a.type === 'image' || a.type === 'sticker') {
    const img = el('img', { src: a.url, alt: a.name || a.type, loading: 'lazy', class: a.type });
    refreshOnError(img, a, token);
    const button = el('button', { type: 'button', class: 'thumb', 'aria-label': 'Open image ' + (a.name || '') }, img);
    button.addEventListener('click', () => viewer(img.src, a.name, button));
    return button;
  }
  if (a.type === 'audio' || a.type === 'video') {
    const player = el(a.type, { src: a.url, controls: '', preload: 'metadata', 'aria-label': a.name || a.type });
    refreshOnError(player, a, token);
    return el('div', { class: 'file ' + a.type }, player, el('span', { class: 'meta' }, (a.name || a.type) + ' · ' + size(a.size)));
  }
  return el('a', { class: 'file document', href: a.url, download: a.name, rel: 'noopener' },
    'Document: ' + a.name + ' (' + size(a.size) + ')');
}

function place(l) {
  const href = 'https://www.openstreetmap.org/?mlat=' + l.latitude + '&mlon=' + l.longitude + '#map=17/'
    + l.latitude + '/' + l.longitude;
  return el('a', { class: 'file location', href, target: '_blank', rel: 'noopener noreferrer' },
    'Location: ' + (l.name ? l.name + ' · ' : '') + l.latitude.toFixed(5) + ', ' + l.longitude.toFixed(5) + ' (map)');
}

/** What a message carries besides its text, as one element (null for a plain text). token: () => the page's token. */
export function render(m, token) {
  if (!(m.attachments && m.attachments.length) && !m.location) return null;
  const box = el('div', { class: 'media' });
  (m.attachments || []).forEach((a) => box.append(attachment(a, token)));
  if (m.location) box.append(place(m.location));
  return box;
}

/**
 * A tray of files shown in `container`: each file is uploaded as soon as it is added (with progress) and can be
 * removed; ids() are the finished uploads. onChange() is called whenever what the tray holds changes.
 * token: () => the page's token.
 */
export function createTray(container, token, onChange = () => {}) {
  const items = [];
  const busy = () => items.some((i) => !i.id && !i.failed);
  function add(file) {
    const bar = el('progress', { max: '1', value: '0', 'aria-label': 'Uploading ' + file.name });
    const remove = el('button', { type: 'button', class: 'remove', 'aria-label': 'Remove ' + file.name }, '×');
    const chip = el('span', { class: 'upload' }, el('span', { class: 'name' }, file.name), ' ', bar, remove);
    const item = { chip, id: null, failed: false };
    items.push(item);
    container.append(chip);
    remove.addEventListener('click', () => { items.splice(items.indexOf(item), 1); chip.remove(); onChange(); });
    onChange();
    upload(file, token(), (f) => { bar.value = f; }).then((done) => {
      item.id = done.id;
      bar.replaceWith(el('span', { class: 'meta' }, size(done.size)));
      chip.classList.add('done');
      onChange();
    }, (error) => {
      item.failed = true;
      bar.replaceWith(el('span', { class: 'error' }, error.message));
      onChange();
    });
  }
  return {
    add,
    busy,
    count: () => items.length,
    ids: () => items.filter((i) => i.id).map((i) => i.id),
    clear: () => { items.splice(0).forEach((i) => i.chip.remove()); onChange(); },
  };
}

import { render, tray as mediaTray } from '/media.js';

// The guest web chat: a token from the link (#token=...), the guest's own conversation. Every (re)connection asks for
// what came after the last message shown (the whole history on the first one), so nothing said while the phone slept
// or the train was in a tunnel is lost, and nothing is shown twice.
const $ = (id) => document.getElementById(id);
const token = new URLSearchParams(location.hash.slice(1)).get('token');
const seen = new Set();
let lastId = 0;
let ws = null;
let backoff = 500;
let typingSentAt = 0;
let typingTimer = null;

function setState(text) {
  $('state').textContent = text;
  $('state').className = text;
}

function add(m) {
  if (seen.has(m.id)) return;
  seen.add(m.id);
  lastId = Math.max(lastId, m.id);
  const node = document.createElement('div');
  node.className = 'msg ' + m.sender_type;
  const who = document.createElement('div');
  who.className = 'who';
  who.textContent = (m.sender_type === 'guest' ? 'You' : m.sender_name) + ' · ' + new Date(m.created_at).toLocaleTimeString();
  node.append(who, document.createTextNode(m.content));
  const media = render(m, () => token);
  if (media) node.append(media);
  $('messages').append(node);
  $('messages').scrollTop = $('messages').scrollHeight;
}

function connect() {
  if (!token) {
    setState('no link');
    return;
  }
  setState('connecting');
  ws = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/guest/?token=' + encodeURIComponent(token)
    + '&last_message_id=' + lastId);
  ws.onopen = () => { setState('connected'); backoff = 500; };
  ws.onmessage = (e) => {
    const event = JSON.parse(e.data);
    if (event.type === 'message') add(event.data);
    if (event.type === 'typing') {
      clearTimeout(typingTimer);
      $('typing').textContent = event.data.is_typing ? event.data.user_name + ' is typing…' : '';
      typingTimer = setTimeout(() => ($('typing').textContent = ''), 6000);
    }
    if (event.type === 'error') $('typing').textContent = event.message;
  };
  ws.onclose = () => {
    setState('connecting');
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 5000);
  };
}

// Photos and files: uploaded when chosen, sent with the next message.
const tray = mediaTray($('tray'), $('attach-file'), $('send'), () => token);

$('composer').addEventListener('submit', (e) => {
  e.preventDefault();
  const content = $('text').value;
  const attachments = tray.ids();
  if ((!content.trim() && !attachments.length) || tray.busy() || !ws || ws.readyState !== WebSocket.OPEN) return;
  const command = { type: 'text', content, client_message_id: String(Date.now()) + Math.random().toString(16).slice(2) };
  if (attachments.length) command.attachments = attachments;
  ws.send(JSON.stringify(command));
  $('text').value = '';
  tray.clear();
});

$('text').addEventListener('input', () => {
  if (ws && ws.readyState === WebSocket.OPEN && Date.now() - typingSentAt > 3000) {
    ws.send(JSON.stringify({ type: 'typing', is_typing: true }));
    typingSentAt = Date.now();
  }
});

connect();

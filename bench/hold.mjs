// Opens one staff WebSocket per plan client (node i % N), subscribes each to its conversation as a console does, and
// holds them idle until stdin closes or --seconds pass. Prints {"opened","failed","subscribed"} when all are up.
//   node hold.mjs --plan plan.json --nodes http://127.0.0.1:18481,... [--from 0 --count 20016] [--seconds 60]
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const a = process.argv.slice(2);
const arg = (k, d) => { const i = a.indexOf(k); return i >= 0 ? a[i + 1] : d; };
const nodes = arg('--nodes').split(',');
const all = JSON.parse(readFileSync(arg('--plan'), 'utf8')).clients;
const from = +arg('--from', 0);
const clients = all.slice(from, from + +arg('--count', all.length));
const seconds = +arg('--seconds', 60);
let opened = 0, failed = 0, subscribed = 0;
const sockets = [];

function open(c, i) {
  return new Promise((resolve) => {
    const ws = new WebSocket(nodes[(from + i) % nodes.length].replace(/^http/, 'ws') + '/ws/chat/?token='
      + encodeURIComponent(c.token), { perMessageDeflate: false });
    ws.on('open', () => {
      opened++;
      if (c.conv) ws.send(JSON.stringify({ type: 'subscribe_conversation', conversation_id: c.conv }));
      else resolve();
    });
    ws.on('message', (m) => { if (String(m).startsWith('{"type":"subscribed"')) { subscribed++; resolve(); } });
    ws.on('error', () => { failed++; resolve(); });
    sockets.push(ws);
  });
}

for (let i = 0; i < clients.length; i += 200) {
  await Promise.all(clients.slice(i, i + 200).map((c, j) => open(c, i + j)));
}
console.log(JSON.stringify({ opened, failed, subscribed }));
await new Promise((r) => { setTimeout(r, seconds * 1000); process.stdin.on('end', r); process.stdin.resume(); });
sockets.forEach((s) => s.terminate());
process.exit(0);

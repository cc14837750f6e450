// The application-level heartbeat, for the console's socket and the guest page's alike. A browser sees neither ping
// frames nor, for minutes, a dead connection: after QUIET_MS without a frame this sends the protocol's `ping`; when
// nothing at all arrives within ANSWER_MS of it, onDead() gives the socket up (a dead link is seen in about 9-10 s).
// Any frame counts as an answer, so a busy socket is never probed.
export const QUIET_MS = 4000;
export const ANSWER_MS = 5000;

/** socket(): the current WebSocket or null; call heard() on every frame and on open. */
export function heartbeat(socket, onDead) {
  let lastHeard = Date.now();
  let probeSentAt = 0;
  let sequence = 0;

  function open() {
    const ws = socket();
    return ws && ws.readyState === WebSocket.OPEN ? ws : null;
  }

  function probe() {
    const ws = open();
    if (!ws || probeSentAt) return;
    probeSentAt = Date.now();
    ws.send(JSON.stringify({ type: 'ping', id: 'hb-' + ++sequence }));
  }

  setInterval(() => {
    if (!open()) return;
    const now = Date.now();
    if (probeSentAt && now - probeSentAt > ANSWER_MS) {
      probeSentAt = 0;
      onDead();
    } else if (!probeSentAt && now - lastHeard > QUIET_MS) {
      probe();
    }
  }, 1000);

  return {
    heard() {
      lastHeard = Date.now();
      probeSentAt = 0;
    },
    probe,
  };
}

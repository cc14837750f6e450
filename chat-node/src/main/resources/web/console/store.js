// The console's shared state, and a small event hub so that feature modules can react to each other without
// importing each other (the list does not know the thread, the thread does not know the composer).
const params = new URLSearchParams(location.search);

export const state = {
  token: sessionStorage.getItem('chat_token'),
  user: JSON.parse(sessionStorage.getItem('chat_user') || 'null'),
  nodes: (params.get('nodes') || location.origin).split(','), // WebSocket origins to rotate over on reconnect
  open: null,        // id of the conversation shown
  current: null,     // that conversation's data as last known (list, history or events)
  lastId: 0,         // newest message id shown: where a resume starts
  online: new Map(), // user_id:department -> user_status data
  alerts: new Map(), // waiting alerts by conversation id, mentions by 'm' + message id
  canned: [],
  labels: [],
  members: [],       // the open conversation's department's staff (assignee menu, @mentions)
  windowClosed: false, // the open conversation's guest's WhatsApp window is closed: replies wait for a template
};

const hub = new EventTarget();

/** Calls fn(detail) whenever `name` is emitted. Names: 'opened', 'left', 'connected', 'disconnected', 'list'. */
export function on(name, fn) {
  hub.addEventListener(name, (e) => fn(e.detail));
}

export function emit(name, detail) {
  hub.dispatchEvent(new CustomEvent(name, { detail }));
}

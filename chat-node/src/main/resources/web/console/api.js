// REST calls with the session's token; a 401 ends the session (the token was revoked or expired).
import { state } from './store.js';

let onUnauthorized = () => {};

export function whenUnauthorized(fn) {
  onUnauthorized = fn;
}

export async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && state.token) onUnauthorized();
  if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
  return data;
}

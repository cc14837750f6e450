// Alerts outside the page for what needs someone: a conversation transferred to the user's department, a mention of
// the user, a new conversation in their departments. Two opt-ins in the "Alerts" menu of the top bar, each remembered
// per browser (localStorage): desktop notifications (the browser's permission is asked only when the user switches
// them on, never on load) and a short beep (WebAudio; switching it on plays it once, which also lets the page play
// sound). A mention in the conversation the user is looking at alerts nobody: they see it.
import { state } from './store.js';
import { $ } from './dom.js';
import { onEvent } from './connection.js';
import { menuButton } from './menu.js';
import { openConversation } from './thread.js';
import { transferText } from './alerts.js';

const KEYS = { desktop: 'chat_alerts_desktop', sound: 'chat_alerts_sound' };
let audio = null;
let refused = false; // the browser refused (or has no) notifications: said on the menu item

const chosen = (kind) => localStorage.getItem(KEYS[kind]) === 'on';
const supported = () => 'Notification' in window;
const desktopOn = () => chosen('desktop') && supported() && Notification.permission === 'granted';

function render() {
  const desktop = desktopOn();
  const sound = chosen('sound');
  $('alerts-desktop').setAttribute('aria-checked', String(desktop));
  $('alerts-desktop').textContent = 'Desktop notifications'
    + (refused || (supported() && Notification.permission === 'denied') ? ' (blocked by the browser)' : '');
  $('alerts-sound').setAttribute('aria-checked', String(sound));
  const on = desktop || sound;
  $('alerts-state').textContent = on ? ' on' : ' off';
  $('alerts-button').classList.toggle('on', on);
}

async function toggleDesktop() {
  if (chosen('desktop')) {
    localStorage.removeItem(KEYS.desktop);
  } else {
    // Asked even when granted already: it answers at once then, and the browser decides what to show.
    const permission = supported() ? await Notification.requestPermission() : 'denied';
    refused = permission !== 'granted';
    if (!refused) localStorage.setItem(KEYS.desktop, 'on');
  }
  render();
}

function toggleSound() {
  if (chosen('sound')) {
    localStorage.removeItem(KEYS.sound);
  } else {
    localStorage.setItem(KEYS.sound, 'on');
    beep();
  }
  render();
}

/** A short, soft two-tone beep. */
function beep() {
  try {
    audio = audio || new AudioContext();
    if (audio.state === 'suspended') audio.resume();
    const at = audio.currentTime;
    const gain = audio.createGain();
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
    gain.connect(audio.destination);
    const tone = audio.createOscillator();
    tone.frequency.setValueAtTime(880, at);
    tone.frequency.setValueAtTime(1175, at + 0.12);
    tone.connect(gain);
    tone.start(at);
    tone.stop(at + 0.3);
  } catch (ignored) { /* no audio here: the notification still shows */ }
}

/** Tells the user, as they chose; clicking the notification opens the conversation (at {@code aroundId}). */
function alertUser(title, body, conversation, aroundId) {
  if (desktopOn()) {
    const n = new Notification(title, { body, tag: 'conversation-' + conversation.id });
    n.onclick = () => {
      window.focus();
      openConversation(conversation, aroundId);
      n.close();
    };
  }
  if (chosen('sound')) beep();
}

const looking = (conversationId) => conversationId === state.open && document.visibilityState === 'visible'
  && document.hasFocus();

export function initNotify() {
  menuButton($('alerts-button'));
  $('alerts-desktop').addEventListener('click', toggleDesktop);
  $('alerts-sound').addEventListener('click', toggleSound);
  render();
  onEvent('new_conversation', (c) => {
    if (c.transferred_from) alertUser(c.guest_name + ' transferred to ' + c.department, transferText(c), c);
    else alertUser('New conversation: ' + c.guest_name, c.last_message_preview || c.department, c);
  });
  onEvent('mention', (m) => {
    if (looking(m.conversation_id)) return;
    alertUser(m.mentioned_by.name + ' mentioned you', m.content,
      { id: m.conversation_id, guest_name: '', department: m.department, guest_info: { room_number: '' } }, m.message_id);
  });
}

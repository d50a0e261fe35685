// Keyboard events -> the bytes a VT100 terminal sends for them, so the guest's shell and line editor
// behave as they do under `virsh console`.

const SPECIAL_KEYS = {
  Enter: '\r',
  Backspace: '\x7f', // what Linux terminals send; the guest's tty has VERASE = DEL
  Tab: '\t',
  Escape: '\x1b',
  ArrowUp: '\x1b[A',
  ArrowDown: '\x1b[B',
  ArrowRight: '\x1b[C',
  ArrowLeft: '\x1b[D',
  Home: '\x1b[H',
  End: '\x1b[F',
  Insert: '\x1b[2~',
  Delete: '\x1b[3~',
  PageUp: '\x1b[5~',
  PageDown: '\x1b[6~',
};

/** The sequence for a keydown, or null when the key sends nothing (a bare modifier, a browser shortcut). */
export function keySequence(event) {
  if (event.metaKey) return null; // leave the OS/browser shortcuts alone
  if (event.ctrlKey && !event.altKey && event.key.length === 1) {
    const upper = event.key.toUpperCase();
    // Ctrl+A..Z and Ctrl+[ \ ] ^ _ map to the control codes 1..31.
    if (upper >= '@' && upper <= '_') return String.fromCharCode(upper.charCodeAt(0) - 64);
    if (event.key === ' ') return '\x00';
    return null;
  }
  if (event.key in SPECIAL_KEYS) return SPECIAL_KEYS[event.key];
  if (event.key.length === 1 || [...event.key].length === 1) {
    // Alt+key is sent as ESC key, the xterm "meta sends escape" convention shells understand.
    return event.altKey ? '\x1b' + event.key : event.key;
  }
  return null;
}

// A tiny VT100 screen model, enough for a Linux serial console: text, CR/LF, backspace, tabs, erase
// in line/display, cursor moves and clear-screen. Colours and other modes are parsed and dropped, so
// they never show as garbage. The page renders toString() into a monospace area.

const ESC = '\x1b';
const TAB_WIDTH = 8;
// Cursor-addressing sequences count rows from the top of the visible screen, which we take to be the
// last SCREEN_ROWS lines (a serial console has no size of its own; 24 is what the guest assumes).
const SCREEN_ROWS = 24;

export class TerminalScreen {
  constructor(maxLines = 5000) {
    this.maxLines = maxLines;
    this.reset();
  }

  reset() {
    this.lines = [''];
    this.row = 0;
    this.col = 0;
    this.state = 'text'; // text | escape | csi | osc | osc-escape | charset
    this.params = '';
  }

  /** Feeds decoded text (any chunking: a sequence split across calls is finished on the next call). */
  write(text) {
    for (const ch of text) this.#feed(ch);
    this.#trim();
  }

  toString() {
    return this.lines.join('\n');
  }

  #feed(ch) {
    switch (this.state) {
      case 'escape': return this.#afterEscape(ch);
      case 'csi': return this.#inCsi(ch);
      case 'osc':
        if (ch === '\x07') this.state = 'text';
        else if (ch === ESC) this.state = 'osc-escape';
        return;
      case 'osc-escape':
        this.state = ch === '\\' ? 'text' : 'osc';
        return;
      case 'charset':
        this.state = 'text'; // ESC ( B and friends: the character-set choice is irrelevant here
        return;
      default: return this.#text(ch);
    }
  }

  #text(ch) {
    switch (ch) {
      case ESC: this.state = 'escape'; return;
      case '\r': this.col = 0; return;
      // Serial consoles send CR LF; a bare LF also starts the line at column 0 so raw output reads well.
      case '\n': this.#lineFeed(); this.col = 0; return;
      case '\b': this.col = Math.max(0, this.col - 1); return;
      case '\t': this.col = (Math.floor(this.col / TAB_WIDTH) + 1) * TAB_WIDTH; return;
      default:
        if (ch < ' ' || ch === '\x7f') return; // other control characters (BEL, NUL, ...) print nothing
        this.#put(ch);
    }
  }

  #afterEscape(ch) {
    if (ch === '[') { this.state = 'csi'; this.params = ''; return; }
    if (ch === ']') { this.state = 'osc'; return; }
    if (ch === '(' || ch === ')') { this.state = 'charset'; return; }
    this.state = 'text';
    if (ch === 'c') this.reset(); // RIS: full reset clears the screen
    else if (ch === 'M') this.row = Math.max(0, this.row - 1); // reverse index
    else if (ch === 'D' || ch === 'E') this.#lineFeed();
  }

  #inCsi(ch) {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code <= 0x3f) { this.params += ch; return; } // parameters and intermediates
    this.state = 'text';
    if (code < 0x40 || code > 0x7e) return; // not a final byte: drop the sequence
    const args = this.params.replace(/[^0-9;]/g, '').split(';').map((p) => (p === '' ? NaN : Number(p)));
    const n = (i, fallback = 1) => (Number.isNaN(args[i]) || args[i] === undefined ? fallback : args[i]);
    switch (ch) {
      case 'A': this.row = Math.max(this.#top(), this.row - n(0)); break;
      case 'B': this.#moveDown(n(0)); break;
      case 'C': this.col += n(0); break;
      case 'D': this.col = Math.max(0, this.col - n(0)); break;
      case 'G': this.col = n(0) - 1; break;
      case 'H': case 'f': this.#moveTo(n(0), n(1)); break;
      case 'J': this.#eraseDisplay(n(0, 0)); break;
      case 'K': this.#eraseLine(n(0, 0)); break;
      default: break; // 'm' (colours), 'h'/'l' (modes), 'r' (scroll region)...: nothing to show
    }
    this.col = Math.max(0, this.col);
  }

  #put(ch) {
    const line = this.lines[this.row];
    const padded = line.length < this.col ? line + ' '.repeat(this.col - line.length) : line;
    this.lines[this.row] = padded.slice(0, this.col) + ch + padded.slice(this.col + 1);
    this.col += 1;
  }

  #lineFeed() {
    this.row += 1;
    if (this.row >= this.lines.length) this.lines.push('');
  }

  #moveDown(count) {
    for (let i = 0; i < count; i++) this.#lineFeed();
  }

  #top() {
    return Math.max(0, this.lines.length - SCREEN_ROWS);
  }

  #moveTo(row, col) {
    const target = this.#top() + row - 1;
    while (this.lines.length <= target) this.lines.push('');
    this.row = target;
    this.col = col - 1;
  }

  #eraseDisplay(mode) {
    if (mode === 2 || mode === 3) { this.reset(); return; } // clear screen: start afresh
    if (mode === 0) {
      this.lines[this.row] = this.lines[this.row].slice(0, this.col);
      this.lines.length = this.row + 1;
    } else if (mode === 1) {
      for (let r = this.#top(); r < this.row; r++) this.lines[r] = '';
      this.#eraseLine(1);
    }
  }

  #eraseLine(mode) {
    const line = this.lines[this.row];
    if (mode === 0) this.lines[this.row] = line.slice(0, this.col);
    else if (mode === 1) this.lines[this.row] = ' '.repeat(Math.min(this.col + 1, line.length)) + line.slice(this.col + 1);
    else if (mode === 2) this.lines[this.row] = '';
  }

  #trim() {
    const extra = this.lines.length - this.maxLines;
    if (extra > 0) {
      this.lines.splice(0, extra);
      this.row = Math.max(0, this.row - extra);
    }
  }
}

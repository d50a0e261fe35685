// The console panel: one guest's serial console over a WebSocket (docs/web.md "Console"). Output is
// decoded as a UTF-8 stream and drawn through the small VT100 model; keystrokes in the focused area
// are typed into the guest.

import { domainPath } from './api.js';
import { keySequence } from './keys.js';
import { TerminalScreen } from './terminal.js';

export class ConsolePanel {
  constructor(root) {
    this.root = root;
    this.title = root.querySelector('#console-title');
    this.status = root.querySelector('#console-status');
    this.output = root.querySelector('#console-output');
    this.socket = null;
    this.screen = new TerminalScreen();
    this.renderPending = false;
    root.querySelector('#console-close').addEventListener('click', () => this.close());
    this.output.addEventListener('keydown', (e) => this.#onKey(e));
    this.output.addEventListener('paste', (e) => {
      e.preventDefault();
      this.#send(e.clipboardData.getData('text').replace(/\r?\n/g, '\r'));
    });
  }

  /** Which domain the panel shows ("driver/name"), or null when it is closed. */
  get domain() {
    return this.root.hidden ? null : this.root.dataset.domain;
  }

  open(driver, name) {
    this.#disconnect();
    this.screen.reset();
    this.#render();
    this.root.dataset.domain = `${driver}/${name}`;
    this.root.hidden = false;
    this.title.textContent = `Console: ${name}`;
    this.#setStatus('connecting', 'connecting…');

    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}${domainPath(driver, name)}/console`);
    socket.binaryType = 'arraybuffer';
    // A fresh decoder per connection: a multi-byte character split between two messages is kept
    // until its last byte arrives ({stream: true}), never shown as two replacement characters.
    const decoder = new TextDecoder('utf-8');
    this.socket = socket;

    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      this.#setStatus('open', 'connected');
      this.output.focus();
    });
    socket.addEventListener('message', (m) => {
      if (this.socket !== socket) return;
      const text = typeof m.data === 'string' ? m.data : decoder.decode(new Uint8Array(m.data), { stream: true });
      this.#write(text);
    });
    socket.addEventListener('close', (e) => {
      if (this.socket !== socket) return;
      this.#write(decoder.decode());
      this.socket = null;
      // The server names the reason (e.g. the domain stopped); without one, say how it ended.
      const reason = e.reason || (e.wasClean ? 'the server closed the connection' : 'the connection was lost');
      this.#setStatus('ended', `console ended: ${reason}`);
    });
  }

  close() {
    this.#disconnect();
    this.root.hidden = true;
    delete this.root.dataset.domain;
  }

  #disconnect() {
    const socket = this.socket;
    this.socket = null; // handlers of the old socket check this and stay quiet
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'closed by the page');
  }

  #setStatus(state, text) {
    this.status.dataset.state = state;
    this.status.textContent = text;
  }

  #onKey(event) {
    const sequence = keySequence(event);
    if (sequence === null) return;
    event.preventDefault(); // Tab, Backspace, Ctrl+W...: the guest's keys, not the browser's
    this.#send(sequence);
  }

  #send(text) {
    if (this.socket?.readyState === WebSocket.OPEN && text) this.socket.send(text);
  }

  #write(text) {
    if (!text) return;
    this.screen.write(text);
    // Several messages may arrive between two frames; draw once for all of them.
    if (this.renderPending) return;
    this.renderPending = true;
    setTimeout(() => {
      this.renderPending = false;
      this.#render();
    }, 0);
  }

  #render() {
    const out = this.output;
    const atBottom = out.scrollHeight - out.scrollTop - out.clientHeight < 24;
    out.textContent = this.screen.toString();
    if (atBottom) out.scrollTop = out.scrollHeight; // follow the output unless the user scrolled back
  }
}

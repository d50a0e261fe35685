// A table of named objects of a shared driver (virtual networks, storage pools): one row per object,
// rebuilt from its JSON whenever it changes (an action's answer, the event stream or a reload). Rows carry
// stable hooks: data-<kind>="NAME", data-state="<virsh's word>", buttons data-action="start"...

import { showError } from './banner.js';

export class ResourceTable {
  /**
   * kind: 'network' or 'pool' (the row's data attribute); body: <tbody>; empty: shown when there are no rows;
   * cells(obj): the cells before the autostart box; actionsFor(obj): button actions; labels: action -> text;
   * danger: actions drawn as dangerous; onAction(obj, action), onAutostart(obj, checked, box).
   */
  constructor({ kind, body, empty, cells, actionsFor, labels, danger = [], onAction, onAutostart }) {
    Object.assign(this, { kind, body, empty, cells, actionsFor, labels, danger, onAction, onAutostart });
    this.items = new Map(); // name -> object as last seen
    this.busy = new Set();
  }

  get(name) {
    return this.items.get(name);
  }

  replaceAll(objects) {
    for (const name of [...this.items.keys()]) this.remove(name);
    for (const obj of objects) this.upsert(obj);
    this.empty.textContent = this.empty.dataset.emptyText;
    this.#updateEmpty();
  }

  upsert(obj) {
    this.items.set(obj.name, obj);
    let row = this.#row(obj.name);
    if (!row) {
      row = document.createElement('tr');
      const before = [...this.body.rows].find((r) => r.dataset.name.localeCompare(obj.name) > 0);
      this.body.insertBefore(row, before ?? null);
    }
    row.dataset[this.kind] = obj.name;
    row.dataset.name = obj.name;
    row.dataset.state = obj.state;
    row.replaceChildren(...this.cells(obj).map(([content, className]) => cell(content, className)),
      cell(autostartBox(obj, this.kind, this.onAutostart)), cell(this.#buttons(obj), 'actions'));
    this.setBusy(obj.name, this.busy.has(obj.name));
    this.#updateEmpty();
  }

  remove(name) {
    this.items.delete(name);
    this.busy.delete(name);
    this.#row(name)?.remove();
    this.#updateEmpty();
  }

  /**
   * Runs a request for one row: its controls are disabled meanwhile, the answer (the object after it) updates
   * the row, and a failure runs onError (to undo what the control shows) and shows the server's sentence.
   */
  async run(obj, call, onError) {
    this.setBusy(obj.name, true);
    try {
      this.upsert(await call());
    } catch (e) {
      onError?.();
      showError(e);
    } finally {
      this.setBusy(obj.name, false);
    }
  }

  /** Disables a row's controls while its request runs. */
  setBusy(name, busy) {
    if (busy) this.busy.add(name);
    else this.busy.delete(name);
    markBusy(this.#row(name), busy);
  }

  #row(name) {
    return [...this.body.rows].find((r) => r.dataset.name === name) ?? null;
  }

  #buttons(obj) {
    const group = document.createElement('div');
    group.className = 'buttons';
    for (const action of this.actionsFor(obj)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = this.labels[action];
      button.dataset.action = action;
      button.setAttribute('aria-label', `${this.labels[action]} ${obj.name}`);
      if (this.danger.includes(action)) button.classList.add('danger');
      button.addEventListener('click', () => this.onAction(obj, action));
      group.append(button);
    }
    return group;
  }

  #updateEmpty() {
    this.empty.hidden = this.body.rows.length > 0;
  }
}

/** The autostart checkbox of a domain, network or pool; libvirt refuses autostart for a transient one, so it is disabled. */
export function autostartBox(obj, kind, onChange) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = Boolean(obj.autostart);
  box.dataset.action = 'autostart';
  box.setAttribute('aria-label', `Start ${obj.name} when vireod starts`);
  if (!obj.persistent) {
    box.dataset.alwaysDisabled = 'true';
    box.title = `A transient ${kind} cannot start automatically.`;
  }
  box.addEventListener('change', () => onChange(obj, box.checked, box));
  return box;
}

/** Disables (or enables again) a row's controls; a control marked always-disabled stays so. */
export function markBusy(row, busy) {
  if (!row) return;
  row.setAttribute('aria-busy', String(busy));
  for (const control of row.querySelectorAll('button, input')) control.disabled = busy || control.dataset.alwaysDisabled === 'true';
}

export function cell(content, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.append(content);
  return td;
}

/** A state badge with virsh's word (CSS class state-WORD). */
export function stateBadge(state, title) {
  const span = document.createElement('span');
  span.className = `badge state-${String(state).replace(/\s+/g, '-')}`;
  span.textContent = state;
  if (title) span.title = title;
  return span;
}

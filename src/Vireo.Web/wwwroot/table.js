// The domain tables: one row per domain, rebuilt from the domain object whenever it changes (from an
// action's answer, the event stream or a reload). Rows carry stable hooks for tests and scripts:
// data-domain="DRIVER/NAME", data-state="<virsh's word>", buttons data-action="start"...

import { domainKey, formatMemory } from './format.js';
import { autostartBox, cell, markBusy, stateBadge } from './resources.js';

const LABELS = {
  start: 'Start', undefine: 'Undefine', shutdown: 'Shutdown', reboot: 'Reboot', suspend: 'Suspend',
  resume: 'Resume', destroy: 'Destroy', console: 'Console', xml: 'XML', save: 'Save', 'discard-saved': 'Discard saved state',
};

/** Drivers whose guests can be saved (managed save); containers cannot. */
const SAVABLE = new Set(['qemu']);

/** The actions that fit a domain's state (an inactive domain has no id). */
export function actionsFor(domain) {
  let actions;
  if (domain.id === null || domain.id === undefined) {
    // With a saved image, Start restores it; discarding it makes the next start a fresh boot.
    actions = ['start', ...(domain.hasManagedSave ? ['discard-saved'] : []), ...(domain.persistent ? ['undefine'] : [])];
  } else if (domain.state === 'running') {
    actions = ['shutdown', 'reboot', 'suspend', ...(SAVABLE.has(domain.driver) && domain.persistent ? ['save'] : []), 'destroy', 'console'];
  }
  else if (domain.state === 'paused') actions = ['resume', 'destroy'];
  else actions = ['destroy']; // in shutdown, crashed, pmsuspended, blocked: only the hard stop is safe
  return [...actions, 'xml'];
}


export class DomainTables {
  /**
   * sections: { driver: { body: <tbody>, empty: <element shown when there are no rows> } };
   * onAction(domain, action) runs a button; onAutostart(domain, checked) the checkbox.
   */
  constructor(sections, { onAction, onAutostart }) {
    this.sections = sections;
    this.onAction = onAction;
    this.onAutostart = onAutostart;
    this.domains = new Map(); // key -> domain object as last seen
    this.busy = new Set(); // keys with a request in flight
  }

  has(key) {
    return this.domains.has(key);
  }

  get(key) {
    return this.domains.get(key);
  }

  /** Replaces every row (after a (re)load of the list). */
  replaceAll(domains) {
    for (const key of [...this.domains.keys()]) this.remove(key);
    for (const domain of domains) this.upsert(domain);
    // Until the first list arrives the sections say "Loading…", not that nothing is defined.
    for (const section of Object.values(this.sections)) {
      section.empty.textContent = section.empty.dataset.emptyText;
      this.#updateEmpty(section);
    }
  }

  upsert(domain) {
    const section = this.sections[domain.driver];
    if (!section) return; // a driver this page has no section for
    const key = domainKey(domain);
    this.domains.set(key, domain);
    const row = this.#row(key) ?? this.#insertRow(section.body, domain.name);
    this.#fill(row, key, domain);
    this.#updateEmpty(section);
  }

  remove(key) {
    this.domains.delete(key);
    this.busy.delete(key);
    const row = this.#row(key);
    if (!row) return;
    const section = this.sections[key.slice(0, key.indexOf('/'))];
    row.remove();
    if (section) this.#updateEmpty(section);
  }

  /** Disables a row's controls while its request runs, so a double click cannot send it twice. */
  setBusy(key, busy) {
    if (busy) this.busy.add(key);
    else this.busy.delete(key);
    markBusy(this.#row(key), busy);
  }

  #row(key) {
    for (const section of Object.values(this.sections)) {
      for (const row of section.body.rows) if (row.dataset.domain === key) return row;
    }
    return null;
  }

  /** A new row, placed so the table stays sorted by name. */
  #insertRow(body, name) {
    const row = document.createElement('tr');
    const before = [...body.rows].find((r) => r.dataset.name.localeCompare(name) > 0);
    body.insertBefore(row, before ?? null);
    return row;
  }

  #fill(row, key, domain) {
    row.dataset.domain = key;
    row.dataset.name = domain.name;
    row.dataset.state = domain.state;
    row.dataset.saved = String(Boolean(domain.hasManagedSave));
    row.replaceChildren(
      cell(nameWithTitle(domain), 'name'),
      cell(badges(domain)),
      cell(String(domain.vcpus ?? '—'), 'number'),
      cell(formatMemory(domain.memoryKiB), 'number'),
      cell(autostartBox(domain, 'domain', this.onAutostart)),
      cell(this.#buttons(domain), 'actions'),
    );
    this.setBusy(key, this.busy.has(key));
  }

  #buttons(domain) {
    const group = document.createElement('div');
    group.className = 'buttons';
    for (const action of actionsFor(domain)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = LABELS[action];
      button.dataset.action = action;
      button.setAttribute('aria-label', `${LABELS[action]} ${domain.name}`);
      if (action === 'destroy' || action === 'undefine' || action === 'discard-saved') button.classList.add('danger');
      button.addEventListener('click', () => this.onAction(domain, action));
      group.append(button);
    }
    return group;
  }

  #updateEmpty(section) {
    section.empty.hidden = section.body.rows.length > 0;
  }
}

/** The state badge, and a "saved" one when a managed-save image waits for the next start. */
function badges(domain) {
  const group = document.createDocumentFragment();
  group.append(stateBadge(domain.state, domain.reason ? `${domain.state} (${domain.reason})` : ''));
  if (domain.hasManagedSave) {
    const saved = document.createElement('span');
    saved.className = 'badge saved';
    saved.textContent = 'saved';
    saved.title = 'Its memory is saved: Start restores it where it was.';
    group.append(' ', saved);
  }
  return group;
}

/** The name, and the domain's title (virsh desc --title) under it when it has one. */
function nameWithTitle(domain) {
  const group = document.createDocumentFragment();
  group.append(domain.name);
  if (domain.title) {
    const title = document.createElement('div');
    title.className = 'title';
    title.textContent = domain.title;
    group.append(title);
  }
  return group;
}

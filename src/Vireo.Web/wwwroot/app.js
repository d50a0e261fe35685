// The page's entry point: sign in if needed, show the host, list the domains, networks and pools and keep
// them live from the event stream (no polling), and route row buttons to the API, the XML viewer and the console.

import { api, ApiError } from './api.js';
import { clearError, initBanner, showError } from './banner.js';
import { ConsolePanel } from './console.js';
import { initDefineDialog, initXmlViewer } from './dialogs.js';
import { followEvents } from './events.js';
import { domainKey } from './format.js';
import { driversOf, showHost } from './host.js';
import { NetworkSection } from './networks.js';
import { PoolSection } from './pools.js';
import { signIn } from './signin.js';
import { DomainTables } from './table.js';

const CONFIRMATIONS = {
  destroy: (name) => `Destroy ${name}? It stops at once, as if its power were cut.`,
  undefine: (name) => `Undefine ${name}? Its definition is removed; its disks are kept.`,
  'discard-saved': (name) => `Discard the saved state of ${name}? Its next start boots afresh.`,
};

const STREAM_TEXT = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected: reload the page',
};

let tables;
let networks;
let pools;
let consolePanel;
let showXml;
// While the list is (re)loading, events are held back and applied after it, so an event newer than
// the list is never overwritten by the list.
let loading = 0;
let heldEvents = [];

async function hostAfterSignIn() {
  for (;;) {
    try {
      return await api.host();
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      await signIn();
    }
  }
}

async function reloadAll() {
  loading += 1;
  try {
    // Networks and pools say in their own section when this vireod has none; only the domains use the banner.
    await Promise.all([
      api.domains().then((domains) => tables.replaceAll(domains)).catch(showError),
      networks.reload(),
      pools.reload(),
    ]);
  } finally {
    loading -= 1;
    if (loading === 0) {
      const held = heldEvents;
      heldEvents = [];
      for (const [kind, data] of held) applyEvent(kind, data);
    }
  }
}

function applyEvent(kind, data) {
  if (loading > 0) {
    heldEvents.push([kind, data]);
    return;
  }
  if (kind === 'network') {
    networks.apply(data);
    return;
  }
  if (kind === 'pool') {
    pools.apply(data);
    return;
  }
  const domain = data.domain;
  // Gone from the host: undefined while inactive, or a transient domain that stopped.
  const gone = kind === 'lifecycle'
    && ((data.type === 'undefined' && (domain.id === null || domain.id === undefined))
      || (data.type === 'stopped' && !domain.persistent));
  if (gone) tables.remove(domainKey(domain));
  else tables.upsert(domain);
}

async function runAction(domain, action) {
  if (action === 'console') {
    consolePanel.open(domain.driver, domain.name);
    return;
  }
  if (action === 'xml') {
    try {
      await showXml(`XML of ${domain.name}`, domainKey(domain), () => api.xml(domain.driver, domain.name));
    } catch (e) {
      showError(e);
    }
    return;
  }
  if (CONFIRMATIONS[action] && !window.confirm(CONFIRMATIONS[action](domain.name))) return;
  const key = domainKey(domain);
  tables.setBusy(key, true);
  try {
    if (action === 'undefine') {
      await api.undefine(domain.driver, domain.name);
      tables.remove(key);
    } else {
      tables.upsert(await api.act(domain.driver, domain.name, action));
    }
  } catch (e) {
    showError(e);
  } finally {
    tables.setBusy(key, false);
  }
}

async function setAutostart(domain, autostart, box) {
  const key = domainKey(domain);
  tables.setBusy(key, true);
  try {
    tables.upsert(await api.setAutostart(domain.driver, domain.name, autostart));
  } catch (e) {
    box.checked = !autostart; // the server kept the old setting
    showError(e);
  } finally {
    tables.setBusy(key, false);
  }
}

function showStreamStatus(status) {
  const indicator = document.getElementById('stream-status');
  indicator.dataset.status = status;
  indicator.textContent = STREAM_TEXT[status] ?? status;
}

function section(driver) {
  return { body: document.querySelector(`#${driver}-table tbody`), empty: document.getElementById(`${driver}-empty`) };
}

async function main() {
  initBanner();
  tables = new DomainTables({ qemu: section('qemu'), lxc: section('lxc') }, { onAction: runAction, onAutostart: setAutostart });
  consolePanel = new ConsolePanel(document.getElementById('console'));
  showXml = initXmlViewer();
  networks = new NetworkSection({ showXml });
  pools = new PoolSection({ showXml });
  initDefineDialog({ onDefined: (domain) => tables.upsert(domain) });
  document.getElementById('signout').addEventListener('click', async () => {
    try {
      await api.signOut();
      location.reload();
    } catch (e) {
      showError(e);
    }
  });

  let host;
  try {
    host = await hostAfterSignIn();
  } catch (e) {
    showError(e);
    return;
  }
  clearError();
  showHost(host);
  const drivers = driversOf(host);
  if (drivers.length > 0 && !drivers.includes('lxc')) document.getElementById('lxc-off').hidden = false;
  document.getElementById('main').hidden = false;

  followEvents({ onEvent: applyEvent, onStatus: showStreamStatus, onOpen: reloadAll });
  // Show the lists at once; every (re)connection of the stream reloads them again.
  await reloadAll();
}

main();

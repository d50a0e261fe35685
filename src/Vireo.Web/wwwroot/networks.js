// The "Virtual networks" section: virsh net-list with start, stop (net-destroy), autostart and the XML.

import { api } from './api.js';
import { showError } from './banner.js';
import { ResourceTable, stateBadge } from './resources.js';

const LABELS = { start: 'Start', destroy: 'Stop', xml: 'XML' };

export function networkActions(network) {
  return [network.active ? 'destroy' : 'start', 'xml'];
}

export class NetworkSection {
  constructor({ showXml }) {
    this.showXml = showXml;
    this.table = new ResourceTable({
      kind: 'network',
      body: document.querySelector('#network-table tbody'),
      empty: document.getElementById('network-empty'),
      cells: (n) => [[n.name, 'name'], [stateBadge(n.state)], [n.persistent ? 'yes' : 'no'], [n.bridge ?? '—']],
      actionsFor: networkActions,
      labels: LABELS,
      danger: ['destroy'],
      onAction: (n, action) => this.#act(n, action),
      onAutostart: (n, on, box) => this.table.run(n, () => api.setNetworkAutostart(n.name, on), () => { box.checked = !on; }),
    });
  }

  async reload() {
    try {
      this.table.replaceAll(await api.networks());
    } catch (e) {
      this.#unavailable(e);
    }
  }

  /** An "event: network" frame: undefined of an inactive network, or stopped of a transient one, removes it. */
  apply(data) {
    const n = data.network;
    if ((data.type === 'undefined' && !n.active) || (data.type === 'stopped' && !n.persistent)) this.table.remove(n.name);
    else this.table.upsert(n);
  }

  async #act(n, action) {
    if (action === 'xml') {
      try {
        await this.showXml(`XML of network ${n.name}`, `network/${n.name}`, () => api.networkXml(n.name));
      } catch (e) {
        showError(e);
      }
      return;
    }
    if (action === 'destroy' && !window.confirm(`Stop network ${n.name}? Guests on it lose their connection.`)) return;
    await this.table.run(n, () => api.networkAct(n.name, action));
  }

  #unavailable(e) {
    const empty = document.getElementById('network-empty');
    empty.textContent = e.message;
    empty.hidden = false;
  }
}

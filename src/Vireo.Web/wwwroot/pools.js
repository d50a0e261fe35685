// The "Storage pools" section: virsh pool-list --details with start, stop (pool-destroy), refresh,
// autostart, the XML, and a panel with a pool's volumes (virsh vol-list --details).

import { api } from './api.js';
import { showError } from './banner.js';
import { formatBytes } from './format.js';
import { ResourceTable, cell, stateBadge } from './resources.js';

const LABELS = { start: 'Start', destroy: 'Stop', refresh: 'Refresh', volumes: 'Volumes', xml: 'XML' };

export function poolActions(pool) {
  return pool.state === 'inactive' ? ['start', 'xml'] : ['destroy', 'refresh', 'volumes', 'xml'];
}

export class PoolSection {
  constructor({ showXml }) {
    this.showXml = showXml;
    this.shown = null; // the pool whose volumes the panel shows
    this.table = new ResourceTable({
      kind: 'pool',
      body: document.querySelector('#pool-table tbody'),
      empty: document.getElementById('pool-empty'),
      cells: (p) => [[p.name, 'name'], [stateBadge(p.state)], [formatBytes(p.capacity), 'number'],
        [formatBytes(p.allocation), 'number'], [formatBytes(p.available), 'number']],
      actionsFor: poolActions,
      labels: LABELS,
      danger: ['destroy'],
      onAction: (p, action) => this.#act(p, action),
      onAutostart: (p, on, box) => this.table.run(p, () => api.setPoolAutostart(p.name, on), () => { box.checked = !on; }),
    });
    document.getElementById('volumes-close').addEventListener('click', () => this.#closeVolumes());
  }

  async reload() {
    try {
      this.table.replaceAll(await api.pools());
      if (this.shown) await this.#showVolumes(this.shown);
    } catch (e) {
      const empty = document.getElementById('pool-empty');
      empty.textContent = e.message;
      empty.hidden = false;
    }
  }

  /** An "event: pool" frame: the row follows; the volumes panel of a refreshed or restarted pool is read again. */
  async apply(data) {
    const p = data.pool;
    if ((data.type === 'undefined' && p.state === 'inactive') || (data.type === 'stopped' && !p.persistent)) this.table.remove(p.name);
    else this.table.upsert(p);
    if (this.shown !== p.name) return;
    if (p.state === 'inactive' || data.type === 'undefined') this.#closeVolumes();
    else if (data.type === 'refreshed' || data.type === 'started') await this.#showVolumes(p.name).catch(showError);
  }

  async #act(p, action) {
    try {
      if (action === 'xml') {
        await this.showXml(`XML of pool ${p.name}`, `pool/${p.name}`, () => api.poolXml(p.name));
        return;
      }
      if (action === 'volumes') {
        await this.#showVolumes(p.name);
        return;
      }
    } catch (e) {
      showError(e);
      return;
    }
    if (action === 'destroy' && !window.confirm(`Stop pool ${p.name}? Its volumes stay on disk.`)) return;
    await this.table.run(p, () => api.poolAct(p.name, action));
    if (this.shown === p.name && action === 'refresh') await this.#showVolumes(p.name).catch(showError);
  }

  async #showVolumes(name) {
    const volumes = await api.volumes(name);
    const panel = document.getElementById('volumes');
    panel.dataset.pool = name;
    document.getElementById('volumes-title').textContent = `Volumes of ${name}`;
    const body = document.querySelector('#volume-table tbody');
    body.replaceChildren(...volumes.map((v) => {
      const row = document.createElement('tr');
      row.dataset.volume = v.name;
      row.append(cell(v.name, 'name'), cell(v.path), cell(v.type), cell(v.format),
        cell(formatBytes(v.capacity), 'number'), cell(formatBytes(v.allocation), 'number'));
      return row;
    }));
    document.getElementById('volume-empty').hidden = volumes.length > 0;
    panel.hidden = false;
    this.shown = name;
  }

  #closeVolumes() {
    document.getElementById('volumes').hidden = true;
    this.shown = null;
  }
}

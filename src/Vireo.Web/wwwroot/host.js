// The header: which host and Vireo this is, and the node's size.

import { formatMemory } from './format.js';

/** The driver names a host object lists (strings, or objects with a name). */
export function driversOf(host) {
  return (host?.drivers ?? []).map((d) => (typeof d === 'string' ? d : d?.name ?? d?.driver)).filter(Boolean);
}

export function showHost(host) {
  const node = host?.node ?? {};
  const hostname = host?.hostname ?? host?.hostName ?? '';
  document.getElementById('host-name').textContent = hostname;
  document.getElementById('host-version').textContent = host?.vireoVersion ? `Vireo ${host.vireoVersion}` : 'Vireo';
  const cpus = node.cpus ?? host?.cpus;
  const memory = node.memoryKiB ?? host?.memoryKiB;
  const parts = [];
  if (cpus !== undefined) parts.push(`${cpus} CPU${cpus === 1 ? '' : 's'}`);
  if (memory !== undefined) parts.push(`${formatMemory(memory)} memory`);
  document.getElementById('host-node').textContent = parts.join(', ');
  document.title = hostname ? `${hostname} — Vireo` : 'Vireo';
}

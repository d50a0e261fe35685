// Small, pure formatting helpers for the table.

const KiB_PER_MiB = 1024;
const KiB_PER_GiB = 1024 * 1024;

/** Memory as a person reads it: "128 MiB", "1.5 GiB". */
export function formatMemory(kib) {
  if (typeof kib !== 'number' || !Number.isFinite(kib)) return '—';
  if (kib >= KiB_PER_GiB) {
    const gib = kib / KiB_PER_GiB;
    return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  }
  const mib = kib / KiB_PER_MiB;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/** The key a domain is known by on the page (and in data-domain): driver and name. */
export function domainKey(domain) {
  return `${domain.driver}/${domain.name}`;
}

/** Bytes as virsh pool-info prints them: "1.50 GiB", "512.00 KiB", "0.00 B". */
export function formatBytes(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

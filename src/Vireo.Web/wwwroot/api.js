// The one place that talks HTTP to vireod. Every failure becomes an ApiError carrying the server's
// whole-sentence message (docs/web.md "Errors"), so callers never have to show a bare status code.

export class ApiError extends Error {
  constructor(message, status, codeName) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.codeName = codeName;
  }
}

/** The path of one domain; names may hold characters that are special in URLs. */
export function domainPath(driver, name) {
  return `/api/v1/domains/${encodeURIComponent(driver)}/${encodeURIComponent(name)}`;
}

async function request(method, path, { json, xml } = {}) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (xml !== undefined) {
    init.headers['Content-Type'] = 'application/xml';
    init.body = xml;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(`Vireo could not be reached (${e.message}).`, 0, null);
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function errorFrom(response) {
  let error = null;
  try {
    error = (await response.json())?.error ?? null;
  } catch {
    // Not our JSON (a proxy's page, say): fall back to a sentence built from the status below.
  }
  const message = error?.message
    || `The server refused the request (${response.status}${response.statusText ? ' ' + response.statusText : ''}) without saying why.`;
  return new ApiError(message, response.status, error?.codeName ?? null);
}

const asJson = (response) => response.json();

/** The path of a network or pool by name. */
const named = (kind, name) => `/api/v1/${kind}/${encodeURIComponent(name)}`;

export const api = {
  host: () => request('GET', '/api/v1/host').then(asJson),
  domains: () => request('GET', '/api/v1/domains').then(asJson),
  xml: (driver, name) => request('GET', `${domainPath(driver, name)}/xml`).then((r) => r.text()),
  define: (driver, xml) => request('POST', `/api/v1/domains/${encodeURIComponent(driver)}`, { xml }).then(asJson),
  undefine: (driver, name) => request('DELETE', domainPath(driver, name)),
  act: (driver, name, action) => request('POST', `${domainPath(driver, name)}/${action}`).then(asJson),
  setAutostart: (driver, name, autostart) =>
    request('PUT', `${domainPath(driver, name)}/autostart`, { json: { autostart } }).then(asJson),
  networks: () => request('GET', '/api/v1/networks').then(asJson),
  networkXml: (name) => request('GET', `${named('networks', name)}/xml`).then((r) => r.text()),
  networkAct: (name, action) => request('POST', `${named('networks', name)}/${action}`).then(asJson),
  setNetworkAutostart: (name, autostart) =>
    request('PUT', `${named('networks', name)}/autostart`, { json: { autostart } }).then(asJson),
  pools: () => request('GET', '/api/v1/pools').then(asJson),
  poolXml: (name) => request('GET', `${named('pools', name)}/xml`).then((r) => r.text()),
  poolAct: (name, action) => request('POST', `${named('pools', name)}/${action}`).then(asJson),
  setPoolAutostart: (name, autostart) =>
    request('PUT', `${named('pools', name)}/autostart`, { json: { autostart } }).then(asJson),
  volumes: (name) => request('GET', `${named('pools', name)}/volumes`).then(asJson),
  signIn: (token) => request('POST', '/api/v1/session', { json: { token } }),
  signOut: () => request('DELETE', '/api/v1/session'),
};

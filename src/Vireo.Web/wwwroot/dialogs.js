// The two dialogs: "Define…" (libvirt XML in, errors shown inside the dialog so the text is not lost)
// and the read-only XML viewer.

import { api } from './api.js';

export function initDefineDialog({ onDefined }) {
  const dialog = document.getElementById('define-dialog');
  const form = dialog.querySelector('form');
  const xml = document.getElementById('define-xml');
  const driver = document.getElementById('define-driver');
  const error = document.getElementById('define-error');
  const submit = document.getElementById('define-submit');

  document.getElementById('define-open').addEventListener('click', () => {
    error.hidden = true;
    error.textContent = '';
    dialog.showModal();
    xml.focus();
  });
  document.getElementById('define-cancel').addEventListener('click', () => dialog.close());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    submit.disabled = true;
    try {
      const domain = await api.define(driver.value, xml.value);
      dialog.close();
      xml.value = '';
      onDefined(domain);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });
}

export function initXmlViewer() {
  const dialog = document.getElementById('xml-dialog');
  const title = document.getElementById('xml-title');
  const text = document.getElementById('xml-text');
  document.getElementById('xml-close').addEventListener('click', () => dialog.close());

  /** Fetches and shows a domain's XML; a failure is thrown to the caller's error banner. */
  return async function showXml(domain) {
    const xml = await api.xml(domain.driver, domain.name);
    title.textContent = `XML of ${domain.name}`;
    text.textContent = xml;
    dialog.dataset.domain = `${domain.driver}/${domain.name}`;
    if (!dialog.open) dialog.showModal();
  };
}

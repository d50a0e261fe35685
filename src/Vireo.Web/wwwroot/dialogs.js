// The two dialogs: "Define…" (libvirt XML in, errors shown inside the dialog so the text is not lost)
// and the read-only XML viewer (domains, networks, pools).

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

  /** Fetches (load()) and shows an object's XML under a title; key names it in data-object. Failures go to the caller. */
  return async function showXml(heading, key, load) {
    const xml = await load();
    title.textContent = heading;
    text.textContent = xml;
    dialog.dataset.object = key;
    if (!dialog.open) dialog.showModal();
  };
}

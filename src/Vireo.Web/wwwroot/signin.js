// The sign-in form, shown when the API answers 401: the token is exchanged for vireod's cookie
// (POST /api/v1/session), so it is never kept by the page itself.

import { api } from './api.js';

/** Shows the form and resolves once the server accepted a token. */
export function signIn() {
  const section = document.getElementById('signin');
  const form = document.getElementById('signin-form');
  const input = document.getElementById('signin-token');
  const error = document.getElementById('signin-error');
  section.hidden = false;
  input.focus();
  return new Promise((resolve) => {
    const onSubmit = async (event) => {
      event.preventDefault();
      error.hidden = true;
      try {
        await api.signIn(input.value.trim());
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
        input.select();
        return;
      }
      form.removeEventListener('submit', onSubmit);
      input.value = '';
      section.hidden = true;
      resolve();
    };
    form.addEventListener('submit', onSubmit);
  });
}

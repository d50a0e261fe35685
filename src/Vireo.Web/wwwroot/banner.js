// The error banner: one dismissable sentence at a time, announced to screen readers (role="alert").

const banner = () => document.getElementById('error-banner');

export function showError(error) {
  const message = typeof error === 'string' ? error : error?.message || String(error);
  banner().querySelector('.banner-text').textContent = message;
  banner().hidden = false;
}

export function clearError() {
  banner().hidden = true;
  banner().querySelector('.banner-text').textContent = '';
}

export function initBanner() {
  banner().querySelector('.banner-dismiss').addEventListener('click', clearError);
}

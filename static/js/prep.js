// The prep pages' small helpers, each a progressive enhancement: without this script every
// page still works as plain HTML forms. Loaded by templates/base.html; not part of the app.

// The new-event form: the server can only guess the zone (the last event's, else UTC); the
// browser knows where the person is. Filled in only when it is a zone the server lists.
function guessZone() {
  const input = document.querySelector('input[name="timezone"][data-zone="guess"]');
  if (!input) return;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = input.list && [...input.list.options].some((option) => option.value === zone);
  if (zone && known) input.value = zone;
}

// A form sent once: pressing its button again while the page is on its way (a slow uplink, a
// server reading a big list) would send it twice. Coming back with the Back button (the page
// restored from the cache) makes the form usable again.
function sending(form) {
  if (form.dataset.sending) return false;
  form.dataset.sending = 'true';
  for (const button of form.querySelectorAll('button[type="submit"], button:not([type])')) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  return true;
}

function sendable(form) {
  delete form.dataset.sending;
  for (const button of form.querySelectorAll('button[aria-busy]')) {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// The import form with a file: sent by XMLHttpRequest so the page can show the upload as it
// goes (a 1 MB list takes 10 s on a slow uplink), then a busy state while the server reads
// it. The answer is shown as a normal page load would: the preview it redirects to, or the
// form again with the server's message.
function upload(form) {
  const file = form.querySelector('input[type="file"]');
  const box = form.querySelector('.upload-progress');
  if (!file?.files.length || !box || !window.XMLHttpRequest || !window.FormData) return false;
  const bar = box.querySelector('progress');
  const status = box.querySelector('[role="status"]');
  const request = new XMLHttpRequest();
  const show = (text) => { status.textContent = text; };
  box.hidden = false;
  form.setAttribute('aria-busy', 'true');
  const size = file.files[0].size;
  show(`Uploading ${file.files[0].name}…`);
  request.upload.addEventListener('progress', (event) => {
    const total = event.lengthComputable ? event.total : size;
    bar.max = total;
    bar.value = event.loaded;
    show(`Uploading: ${Math.floor((100 * event.loaded) / Math.max(total, 1))}%`);
  });
  request.upload.addEventListener('load', () => {
    bar.value = bar.max;
    bar.removeAttribute('value');  // indeterminate: the server is reading the list
    show('Uploaded. Reading the list…');
  });
  request.addEventListener('load', () => {
    const sent = new URL(form.action || location.href, location.href).href;
    if (request.responseURL && request.responseURL !== sent && request.status < 400) {
      location.assign(request.responseURL);  // the preview the server redirected to
      return;
    }
    const page = new DOMParser().parseFromString(request.responseText, 'text/html');
    const main = page.querySelector('main');
    if (!main) { show(`The upload failed (${request.status}). Try again.`); sendable(form); return; }
    document.title = page.title;
    document.querySelector('main').replaceWith(document.adoptNode(main));
    document.querySelector('[role="alert"]')?.focus?.();
  });
  const failed = () => {
    form.removeAttribute('aria-busy');
    box.hidden = true;
    sendable(form);
    const note = form.querySelector('.upload-failed') || document.createElement('p');
    note.className = 'flash error upload-failed';
    note.setAttribute('role', 'alert');
    note.textContent = 'The upload did not reach the server (no connection?). Try again.';
    form.prepend(note);
  };
  request.addEventListener('error', failed);
  request.addEventListener('abort', failed);
  request.open('POST', form.action || location.href);
  request.send(new FormData(form));
  return true;
}

// One listener for every form, also forms a response put in place later.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
  if (event.defaultPrevented) return;
  if (!sending(form)) { event.preventDefault(); return; }
  if (form.hasAttribute('data-upload') && upload(form)) event.preventDefault();
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted) for (const form of document.querySelectorAll('form[data-sending]')) sendable(form);
});

// "Copy the link" beside a read-only field (the share link): one tap, and it says so.
function copyButtons() {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const field = document.getElementById(button.dataset.copy);
    const status = button.parentElement.querySelector('[role="status"]');
    if (!field) continue;
    button.parentElement.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = 'Copied.';
      } catch {
        field.select();  // no clipboard access: selected, for the system's own Copy
        status.textContent = 'Selected: copy it with your device’s Copy.';
      }
    });
  }
}

// Logging in on a phone leads to the app, not the laptop prep page (unless a page asked to be
// returned to): the form's own address carries next=/app, which the server already honours.
function phoneLogin() {
  const form = document.querySelector('form[data-login]');
  if (!form || new URLSearchParams(location.search).has('next')) return;
  if (window.matchMedia('(max-width: 40rem)').matches) form.action = `${location.pathname}?next=/app`;
}

guessZone();
copyButtons();
phoneLogin();

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

guessZone();

// Opens IndexedDB while the rest of the app is still loading. After a browser start, opening it
// takes a phone about as long as main.js's modules take to arrive from the worker (README:
// where the time goes); this module needs only db.js, so it runs first (app.html lists it
// first) and the two waits overlap instead of adding up. main.js then shares the connection.

import { openDb } from './store/db.js';

openDb().catch((error) => console.warn('IndexedDB did not open:', error));

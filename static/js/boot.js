// Opens IndexedDB while the rest of the app is still loading. Opening it after a browser start
// takes a phone a quarter of a second; main.js's thirty modules take about as long to arrive
// from the worker, and this module needs only db.js, so it runs first (app.html lists it first)
// and the two waits overlap instead of adding up. main.js then shares the same connection.

import { openDb } from './store/db.js';

openDb().catch((error) => console.warn('IndexedDB did not open:', error));

"""The installable app: its shell page, manifest, service worker, and the JSON it starts from."""

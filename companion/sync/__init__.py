"""The server half of the sync contract: apply a device's numbered changes once, hand back rows."""

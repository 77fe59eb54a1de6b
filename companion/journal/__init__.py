"""The event journal: what each event was worth, per series, from answers and records."""

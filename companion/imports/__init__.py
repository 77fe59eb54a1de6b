"""Attendee import: upload or paste, preview (and map columns), then confirm; the readers of
Luma, Eventbrite, Meetup and any other CSV, and of pasted lists."""

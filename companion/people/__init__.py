"""People across events: an event's list matched to the people I know, and their exports."""

"""The follow-up kit: due items after events, their exports."""

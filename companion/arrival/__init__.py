"""The arrival plan for one user at one event: on the prep page and as a calendar entry."""

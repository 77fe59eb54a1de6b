"""Events: the prep pages, sharing by link, who may see which event, and its pack."""

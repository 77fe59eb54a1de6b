"""The demo account and event that `flask --app companion demo` seeds."""

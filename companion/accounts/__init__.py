"""Accounts: register, log in and out, my account, its export and deletion."""

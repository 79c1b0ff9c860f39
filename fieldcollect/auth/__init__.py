"""Auth: signing people in by password, with failed attempts throttled per user name and per address."""

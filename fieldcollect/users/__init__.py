"""Users: people who sign in (pages, API, phones), each with one role and one home region."""

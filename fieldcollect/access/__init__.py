"""Access: what a signed-in user may see. Every data query is scoped through access.scope."""

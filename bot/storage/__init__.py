"""Where per-chat conversation state lives between messages (memory now; a database can plug in)."""

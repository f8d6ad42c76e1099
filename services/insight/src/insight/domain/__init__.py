"""Rules and types of the read models; imports no web framework, broker or database."""

"""Growth use cases: each takes the unit of work and returns what it decided and the events."""

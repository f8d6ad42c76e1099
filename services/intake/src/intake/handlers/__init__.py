"""Intake use cases: each takes the unit of work and returns what it changed and emits."""

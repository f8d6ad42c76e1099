"""Intake's adapters: the only code that touches MongoDB."""

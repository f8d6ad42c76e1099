"""Intake's domain: pure rules of the university stage; no database, broker or web framework."""

"""Intake: the university stage of Startup Relay."""

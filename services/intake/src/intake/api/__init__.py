"""Intake's HTTP routes for universities and operators, with their request and response schemas."""

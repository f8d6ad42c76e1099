"""Intake's entry points: HTTP routes for the universities and operators, and subscribers."""

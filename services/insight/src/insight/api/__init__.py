"""Insight's HTTP routes."""

from insight.api import figures, journeys, lag

ROUTERS = [journeys.router, figures.router, lag.router]

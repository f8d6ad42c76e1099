"""Insight's HTTP routes: the JSON API, the reports, and the dashboard's pages."""

from insight.api import dashboard, figures, journeys, lag, reports

ROUTERS = [journeys.router, figures.router, lag.router, reports.router, *dashboard.ROUTERS]

"""Insight: the read side of Startup Relay — journeys, the funnel, outcomes and lag."""

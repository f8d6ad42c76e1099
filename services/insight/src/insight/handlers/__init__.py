"""Use cases: recording an event in the journal, and reading journeys, funnel and outcomes."""

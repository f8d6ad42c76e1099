"""Incubation: the district stage of Startup Relay."""

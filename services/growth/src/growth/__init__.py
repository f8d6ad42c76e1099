"""Growth: the agency (leap) stage of Startup Relay."""

"""The growth domain: pure rules of the agency stage; no database, broker or web framework."""

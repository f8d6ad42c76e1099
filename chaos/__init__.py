"""The chaos run: the whole stack under faults, and the proof that nothing is lost or doubled."""

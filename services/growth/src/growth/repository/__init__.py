"""Adapters of growth: MongoDB storage and the webhook dispatcher (the only I/O)."""

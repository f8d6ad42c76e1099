"""The only package of insight that touches MongoDB: the journal, one collection per topic."""

from insight.repository.journal import Journal, collection_for, ensure_indexes

__all__ = ["Journal", "collection_for", "ensure_indexes"]

"""The only code of growth that touches MongoDB: collections, indexes, seeding, queries."""

"""Local stack: the embedded Kafka-protocol broker and MongoDB-protocol server, and the services."""

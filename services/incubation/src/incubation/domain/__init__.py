"""The district stage as pure rules: no web, no broker, no database."""

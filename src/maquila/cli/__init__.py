"""Command line: a thin door onto the same functions as the API."""

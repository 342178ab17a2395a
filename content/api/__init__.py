"""The headless API: the one serialization of pages and blocks, and its endpoints."""

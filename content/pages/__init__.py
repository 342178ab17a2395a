"""Page types, one module each; content/models.py imports them for Django."""

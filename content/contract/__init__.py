"""The frontend contract: JSON Schemas generated from the page and block definitions."""

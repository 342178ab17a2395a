"""A page type that exists only for the tests: proof that adding one takes a model, a registration,
a template and a migration, and no edit to any reader (API, export, contract, search)."""

"""The delivery store: each live, public page's and site's JSON as served, with what it was built from."""

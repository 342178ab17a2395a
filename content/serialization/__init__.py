"""The serialization core: pages, images, documents and the site as JSON for every reader, no HTTP."""

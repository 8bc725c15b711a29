"""API views, one module per resource; each validates input, calls a service, serializes."""

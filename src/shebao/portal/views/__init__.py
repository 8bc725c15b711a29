"""Views of the unit portal, one module per screen group; each parses input, calls a service, renders."""

"""Domain types, calendar arithmetic and errors: the bottom layer, importing nothing from the
rest of the service."""

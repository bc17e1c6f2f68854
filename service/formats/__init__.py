"""Ways of writing the service's results for people and other programs."""

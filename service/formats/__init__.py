"""Document formats the service reads and writes (TimeML)."""

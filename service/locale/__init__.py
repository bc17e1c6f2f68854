"""Every word list and table of a language, as YAML under ``<lang>/``, each validated by a
pydantic model when it is loaded (once per process)."""

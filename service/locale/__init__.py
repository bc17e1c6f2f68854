"""Every word list and table of a language, as YAML under ``service/locale/<lang>/``.

Each file is validated by one pydantic model when it is first loaded, so a malformed file
fails at start-up; the rule families and stages compose their patterns from these tables.
This layer imports only ``service.domain``.
"""

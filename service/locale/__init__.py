"""Per-language word lists and tables (YAML under ``<lang>/``) and the models that load them."""

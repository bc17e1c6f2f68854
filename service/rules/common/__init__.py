"""Rule families that work in every locale: they read their words from the locale's lexicon
(generated from dateparser's data, plus its conventions.yaml), never from code."""

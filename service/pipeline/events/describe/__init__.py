"""What the parse says about one event word, one module per idea: its verb form
(:mod:`.form`), the quotations around it (:mod:`.quotes`), its factuality (:mod:`.factuality`),
its participants (:mod:`.participants`) and its summary (:mod:`.summary`).

Pure functions over a parsed token. Offsets are request-text offsets: ``base`` is the start of
the paragraph the token's Doc was parsed from.
"""

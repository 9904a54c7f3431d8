"""A panel of analysts: their judgement files, the rule that pools them, their disagreement,
and the blank sheet a new analyst fills in. It imports `core`, `workspace` and `analyses`.
"""

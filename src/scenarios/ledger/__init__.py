"""Following an assessment over time: the ledger of dated forecasts, their scores once
outcomes resolve, what changed between two states and why, and the signposts to watch. It imports
the layers below it (`core` to `panels`).
"""

"""What is computed from a loaded workspace: scores and ranks, gates, the link from score to
probability with its backtest and calibration, sensitivity with its sampler, what-if comparison,
the cascade, the memory budget, how a probability is shown, the provenance of a run, and the
assessment a report shows (`assessment`). It imports `core` and `workspace`.
"""

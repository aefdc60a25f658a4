"""The bottom layer: what every other layer may use and that uses nothing of ivplan.

Diagnostics (the one home of a finding and its formatting), errors with their exit codes, Dutch text
helpers (numbers, amounts, dates, file names), atomic output and the location of the data folders.
"""

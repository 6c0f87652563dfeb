"""The benchmark behind Tools/bench (its entry point): one module per section, each saying what it
measures against what reference, plus the shared helpers (common, speech), the command line (cli)
and the self-check of the peak-RSS measurement (selfcheck).
"""

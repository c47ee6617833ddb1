"""Restore runs: a consumer's run of one worklist item (an external ``restore.run`` job), its
evidence and verification outcome, and the decision an operator reads first (``decision.py``)."""

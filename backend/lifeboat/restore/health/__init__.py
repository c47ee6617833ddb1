"""Restore health: per-server health from verification outcomes (the pure rules in
``rules.py``), restore-health alerts, their delivery and the freshness sweep."""

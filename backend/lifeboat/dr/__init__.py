"""Disaster recovery: epoch state, DR events, runbook; drill, promote, failback (not built yet)."""

"""Restore control: catalog, replicas, consumers, worklist, credentials, runs, evidence (not built yet)."""

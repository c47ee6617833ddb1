"""Lifeboat: a control plane for disaster recovery and restore operations."""

__version__ = "0.1.0"

"""Reference restore and backup agents, built only on the generated client (not built yet)."""

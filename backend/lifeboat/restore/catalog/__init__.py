"""The backup catalog: backup groups (one repository each), their servers and the backup runs
backup agents report."""

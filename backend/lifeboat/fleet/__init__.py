"""Fleet registry, health snapshots, the service protocol client and the simulator (not built yet)."""

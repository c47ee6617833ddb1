"""Fleet registry, health snapshots, the service protocol client (client.py) and the simulator (sim/)."""

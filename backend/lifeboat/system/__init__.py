"""Platform endpoints: liveness, readiness, metrics, build info, and the SPA."""

"""The composition root's server: app factory, health and metrics, the diagnosis pool, logging, lifecycle."""

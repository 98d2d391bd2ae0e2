"""Peers the bench compares the generated client with (bench-only dependencies)."""

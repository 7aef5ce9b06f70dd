"""Artifact classes and type annotations used by component signatures."""

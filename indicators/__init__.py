"""Satisfaction surveys and the read-only indicator dashboards."""

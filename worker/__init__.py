"""The Celery worker and beat entry point; nothing in the portal imports this package."""

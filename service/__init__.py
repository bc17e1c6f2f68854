"""Event-timeline extraction service."""

__version__ = "0.1.0"

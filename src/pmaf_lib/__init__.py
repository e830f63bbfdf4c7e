"""pmaf: a council's Performance Management and Assurance Framework as a Python library."""

__version__ = "0.1.0"

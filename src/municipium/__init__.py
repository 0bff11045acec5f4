"""Municipium: document flow, e-services, consultations and networks for municipalities."""

__version__ = "0.1.0"

"""Compare Leicester and Leicestershire adult social care from their own committee papers."""

__version__ = "0.1.0"

"""The ``_version`` module the runtime source is tested with (generated in a real client)."""

__all__ = ["__version__"]

__version__ = "0.0.0"

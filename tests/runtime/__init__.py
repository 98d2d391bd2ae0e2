"""Unit tests of the runtime source in ``templates/runtime/``, imported as ``runtime_source``."""

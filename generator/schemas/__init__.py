"""Step 4a: JSON Schema to the type algebra and the generated classes.

``dispatch`` walks schema nodes and owns the shared state; ``objects`` makes models (and
merges ``allOf``), ``unions`` handles ``oneOf``/``anyOf`` and discriminators, ``enums``
handles ``enum`` and ``const``, ``registry`` hands out class and module names, and
``keywords`` reads JSON Schema keywords.
"""

from generator.schemas.dispatch import SchemaBuilder

__all__ = ["SchemaBuilder"]

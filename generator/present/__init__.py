"""Step 5a: how each module of the intermediate model reads in Python.

The render step calls these before any template runs. Each view holds the annotations,
readers, docstrings and import lines its template places as they are; the import lines are
derived from the symbols the view's text uses (``generator.syntax``), never from the text.
"""

from generator.present.context import ApiContext
from generator.present.models import alias_view, enum_view, model_view
from generator.present.operations import resource_view
from generator.present.webhooks import webhooks_view

__all__ = [
    "ApiContext",
    "alias_view",
    "enum_view",
    "model_view",
    "resource_view",
    "webhooks_view",
]

"""Step 4b: operations (``paths``) and webhooks of the intermediate model.

``paths`` walks the path items into resources, ``assemble`` builds one operation,
``parameters`` and ``bodies`` type its inputs and outputs, and ``webhooks`` reads the
payloads the API sends to the user.
"""

from generator.operations.assemble import CALL_OPTIONS
from generator.operations.context import OperationContext
from generator.operations.paths import CLIENT_ATTRIBUTES, HTTP_METHODS, build_operations
from generator.operations.webhooks import build_webhooks

__all__ = [
    "CALL_OPTIONS",
    "CLIENT_ATTRIBUTES",
    "HTTP_METHODS",
    "OperationContext",
    "build_operations",
    "build_webhooks",
]

"""Turns an OpenAPI 3.x document into a typed, dataclass-based Python client.

The pipeline has one module per step:

    load -> validate -> resolve -> build (intermediate model) -> render -> format -> write

``generator.cli`` wires the steps together; ``python -m generator`` runs it.
"""

__all__: list[str] = []

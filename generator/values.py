"""Literal values (defaults, examples, ``const``, ``enum`` members) against their own schema.

A value that breaks its schema does not change the client, so each mismatch is one warning
(``W-DEFAULT``, ``W-EXAMPLE``, ``W-CONST``, ``W-ENUM``) at the first place it goes wrong.

Matching a value can cost any amount of work (allOf fan-out doubles it at every level), so
every keyword evaluation is counted: a value that takes more than
:data:`MAX_STEPS_PER_VALUE` steps, or comes after the document's
:data:`MAX_STEPS_TOTAL`, is left unchecked with a ``W-CHECK-BUDGET`` warning. References are
resolved inside the document only: the registry retrieves nothing, and ``$ref`` keys inside
the values themselves are data, never followed.
"""

from __future__ import annotations

from typing import Any

from generator.problems import Problems, pointer
from generator.walk import Path

__all__ = ["MAX_STEPS_PER_VALUE", "MAX_STEPS_TOTAL", "ValueChecks"]

#: Validation steps (keyword evaluations) one literal value may cost before it is left unchecked.
MAX_STEPS_PER_VALUE = 10_000
#: Steps all literal values of a document may cost together.
MAX_STEPS_TOTAL = 500_000

_DOC_URI = "urn:codegen:spec"
_WHAT = {"W-DEFAULT": "default", "W-EXAMPLE": "example", "W-CONST": "const", "W-ENUM": "enum value"}


class _OverBudget(Exception):
    pass


class _Budget:
    def __init__(self) -> None:
        self.value = MAX_STEPS_PER_VALUE
        self.total = MAX_STEPS_TOTAL

    def spend(self) -> None:
        self.value -= 1
        self.total -= 1
        if self.value < 0 or self.total < 0:
            raise _OverBudget


class ValueChecks:
    """Checks values of one document against schemas of that document, on one budget."""

    def __init__(self, spec: dict[str, Any], version: str, problems: Problems) -> None:
        self.problems = problems
        self.budget = _Budget()
        self._spec, self._version = spec, version
        self._make: Any = None  # the validator factory, built at the first check
        self._spent_reported = False

    def _factory(self) -> Any:
        # Built on first use: it imports openapi-schema-validator (about 0.3 s), which a run
        # whose checks all come from the cache (generator.revalidate) never needs.
        if self._make is None:
            self._make = _validator_factory(self._spec, self._version, self.budget)
        return self._make

    def check(self, where: Path, schema: Any, value: Any, code: str) -> None:
        """One warning at the first place where ``value`` (at ``where``) breaks ``schema``."""
        if self.budget.total <= 0:
            self._report_spent(where)
            return
        self.budget.value = MAX_STEPS_PER_VALUE
        make = self._factory()
        try:
            errors = [_best(err) for err in make(schema).iter_errors(value)]
        except (_OverBudget, RecursionError):
            if self.budget.total <= 0:
                self._report_spent(where)
                return
            self.problems.warn(
                pointer(*where),
                f"not checked: matching it to its schema takes over {MAX_STEPS_PER_VALUE} steps",
                code="W-CHECK-BUDGET",
            )
            return
        except Exception as exc:  # e.g. an invalid regex in the schema, reported on its own
            self.problems.warn(pointer(*where), f"not checked: {exc}", code="W-CHECK-SKIPPED")
            return
        if errors:
            first = errors[0]
            message = " ".join(str(first.message).split())
            if len(message) > 200:
                message = message[:197] + "..."
            more = f" (and {len(errors) - 1} more mismatches in this value)" if errors[1:] else ""
            self.problems.warn(
                pointer(*where, *first.absolute_path),
                f"{_WHAT[code]} does not match its schema: {message}{more}",
                code=code,
            )

    def _report_spent(self, where: Path) -> None:
        if not self._spent_reported:
            self._spent_reported = True
            self.problems.warn(
                pointer(*where),
                f"this and later values are not checked: the document's {MAX_STEPS_TOTAL} "
                "validation steps are spent",
                code="W-CHECK-BUDGET",
            )


def _best(err: Any) -> Any:
    """The most telling error of a failed ``oneOf``/``anyOf`` (jsonschema's own choice)."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    return best_match([err]) if err.context else err


def _validator_factory(spec: dict[str, Any], version: str, budget: _Budget) -> Any:
    """schema -> a validator whose references resolve in ``spec`` only, spending ``budget``."""
    from jsonschema.validators import extend  # type: ignore[import-untyped]
    from referencing.jsonschema import DRAFT4, DRAFT202012

    from generator import schema_validator
    from generator.metaschema import offline_registry

    osv = schema_validator.load()
    if version == "3.1":
        base, formats, specification = osv.OAS31Validator, osv.oas31_format_checker, DRAFT202012
    else:
        base, formats, specification = osv.OAS30Validator, osv.oas30_format_checker, DRAFT4

    def counted(keyword: Any) -> Any:
        def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
            budget.spend()
            return keyword(validator, value, instance, schema)

        return check

    cls = extend(base, {k: counted(f) for k, f in base.VALIDATORS.items()})
    registry = offline_registry().with_resource(_DOC_URI, specification.create_resource(spec))
    resolver = registry.resolver(base_uri=_DOC_URI)

    def make(schema: Any) -> Any:
        return cls(schema, registry=registry, _resolver=resolver, format_checker=formats)

    return make

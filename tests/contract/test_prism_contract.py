"""Contract tests: the generated client against Prism, the spec's own mock server.

Prism validates every request it receives against the spec and says what it found in the
``sl-violations`` response header (see the notes at the top of ``prism.py``). So each call
below checks the client from both sides: what it *sends* must draw no request violation
and a 2xx, and what it *receives* must parse into the declared model with nothing left in
``mismatched_fields``, no required field missing and no unclaimed ``oneOf`` value (see
``support.audit``). The one tolerated exception is the spec's own broken example for
``GET /integrations/{id}/shipments`` (customs costs given as strings where the schema wants
objects): Prism reports those as *response* violations, and the client must keep the
strings in ``mismatched_fields``. Both are pinned exactly, so a spec fix shows up here.

Exchanges are captured with an httpx response hook on the ``http_client`` handed to the
client rather than with ``with_raw_response``: the hook sees every request the client
really sends (a retry or a batch chunk included) without changing the code path under
test, and it works the same for the paginated, batched, sync and async methods.

Every client gets ``max_retries=0``, so one call is one exchange, and a timeout, because
Prism never answers a request whose JSON body it cannot parse.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import yaml

from sendcloud_integrations import UNSET, AsyncClient, AsyncPage, Client, Page, errors, models
from sendcloud_integrations.resources import (
    IntegrationLogsResource,
    IntegrationsResource,
    ShipmentsResource,
)

from .prism import DEFAULT_SPEC
from .support import audit, make_integration_log, make_integration_update, make_order

INTEGRATION_ID = 123
PUBLIC_KEY = "contract-public-key"
SECRET_KEY = "contract-secret-key"
#: Prism hangs on a malformed JSON body; this turns a hang into a failure.
TIMEOUT = 10.0
#: Prism closes idle keep-alive connections after 5 s. Dropping ours sooner means no call
#: can race that close and fail on a stale connection (there are no retries to hide it).
KEEPALIVE_EXPIRY = 2.0
#: How many ``Prefer: dynamic=true`` responses each GET operation must parse.
DYNAMIC_CALLS = 50

# Two orders: Prism answers with the spec's static example, which has two results, and the
# client refuses a reply whose results cannot be matched one to one with the orders sent.
UPSERT_ORDERS = [make_order(n) for n in range(2)]

Headers = Mapping[str, str]


# -- what Prism reports -----------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One entry of Prism's ``sl-violations`` header."""

    location: tuple[str, ...]
    code: str
    message: str

    @property
    def in_request(self) -> bool:
        return self.location[:1] == ("request",)


@dataclass(frozen=True)
class Exchange:
    """One request the client sent and what Prism made of it."""

    method: str
    path: str
    status: int
    authorized: bool
    violations: tuple[Violation, ...]

    @property
    def request_violations(self) -> list[Violation]:
        return [v for v in self.violations if v.in_request]

    @property
    def response_violation_locations(self) -> frozenset[tuple[str, ...]]:
        return frozenset(v.location for v in self.violations if not v.in_request)


@dataclass
class PrismLog:
    """An httpx response hook that records every exchange with Prism."""

    exchanges: list[Exchange] = field(default_factory=list)

    def record(self, response: httpx.Response) -> None:
        raw = response.headers.get("sl-violations")
        entries: list[dict[str, Any]] = json.loads(raw) if raw else []
        self.exchanges.append(
            Exchange(
                method=response.request.method,
                path=response.request.url.path,
                status=response.status_code,
                authorized="authorization" in response.request.headers,
                violations=tuple(
                    Violation(tuple(e["location"]), e["code"], e["message"]) for e in entries
                ),
            )
        )

    async def arecord(self, response: httpx.Response) -> None:
        """The same, for an ``httpx.AsyncClient`` (whose hooks must be coroutines)."""
        self.record(response)

    def single(self) -> Exchange:
        """The only exchange since the last :meth:`clear`: one call, one request."""
        assert len(self.exchanges) == 1, f"expected exactly one request, got {self.exchanges}"
        return self.exchanges[0]

    def clear(self) -> None:
        self.exchanges.clear()


@contextlib.contextmanager
def prism_client(
    base_url: str, log: PrismLog, public_key: str | None, secret_key: str | None
) -> Iterator[Client]:
    """A sync client on Prism whose every response goes through ``log``."""
    with (
        httpx.Client(
            event_hooks={"response": [log.record]},
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY),
        ) as http,
        Client(
            public_key,
            secret_key,
            base_url=base_url,
            timeout=TIMEOUT,
            max_retries=0,
            http_client=http,
        ) as client,
    ):
        yield client


@contextlib.asynccontextmanager
async def async_prism_client(base_url: str, log: PrismLog) -> AsyncIterator[AsyncClient]:
    """The async twin of :func:`prism_client` (always with credentials)."""
    async with (
        httpx.AsyncClient(
            event_hooks={"response": [log.arecord]},
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY),
        ) as http,
        AsyncClient(
            PUBLIC_KEY,
            SECRET_KEY,
            base_url=base_url,
            timeout=TIMEOUT,
            max_retries=0,
            http_client=http,
        ) as client,
    ):
        yield client


# -- the operations and what the spec declares for them --------------------------------


@dataclass(frozen=True)
class ErrorBody:
    """A declared error response: its model and the message of the spec's first example.

    ``model`` is None where the spec declares the status without content.
    """

    model: type[Any] | None
    message: str = ""


INTEGRATION_NOT_FOUND = ErrorBody(
    models.Integrations404Response, "No Integration matches the given query."
)
SHIPMENT_NOT_FOUND = ErrorBody(
    models.Shipments404Response, "No ShipmentBlob matches the given query."
)
INTEGRATION_BAD_REQUEST = ErrorBody(
    models.Integration400Response,
    "{'settings': ['webhook_active: This field may not be null.', "
    "'webhook_url: This field may not be null.']}",
)
LOG_BAD_REQUEST = ErrorBody(
    models.IntegrationLog400Response, "{'exception': ['This field may not be null.', ]}"
)
DELETE_BAD_REQUEST = ErrorBody(
    models.ShipmentsDelete400Response,
    "Missing shipment_uuid or the pair external_order_id and external_shipment_id",
)
UPSERT_BAD_REQUEST = ErrorBody(None)

#: The spec's example for the shipments list writes these customs costs as strings,
#: where its schema says ``CostsObject`` (object or null).
EXAMPLE_COST_STRINGS = {
    "discount_granted": "3.99",
    "insurance_costs": "9.99",
    "freight_costs": "5.99",
    "other_costs": "2.99",
}
SHIPMENTS_EXAMPLE_MISMATCHES = {
    f"$.results[0].customs_details.{name}": value for name, value in EXAMPLE_COST_STRINGS.items()
}
SHIPMENTS_EXAMPLE_VIOLATIONS = frozenset(
    ("response", "body", "results", "0", "customs_details", name) for name in EXAMPLE_COST_STRINGS
)


def returns(model: type) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, model), f"expected {model.__name__}, got {result!r}"

    return check


def returns_list_of(*item_models: type) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, list), f"expected a list, got {result!r}"
        for item in result:
            assert isinstance(item, item_models), f"unexpected item {item!r}"

    return check


def returns_page(body_model: type, item_model: type) -> Callable[[Any], None]:
    def check(result: Any) -> None:
        assert isinstance(result, (Page, AsyncPage)), f"expected a page, got {result!r}"
        assert isinstance(result.body, body_model)
        assert all(isinstance(item, item_model) for item in result.results)

    return check


def returns_none(result: Any) -> None:
    assert result is None


def size(result: Any) -> int | None:
    """How many items a list or page holds; None for anything else."""
    if isinstance(result, list):
        return len(result)
    if isinstance(result, (Page, AsyncPage)):
        return len(result.results)
    return None


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, how to call it, and what it declares."""

    name: str
    call: Callable[[Client, Headers], Any]
    check: Callable[[Any], None]
    errors: Mapping[int, ErrorBody] = field(default_factory=dict)
    is_get: bool = False
    #: Upsert raises :class:`BatchError` wrapping the error of the chunk that failed.
    batched: bool = False
    #: Departures from the schema in the spec's own static example (see module docstring).
    example_mismatches: Mapping[str, Any] = field(default_factory=dict)
    example_violations: frozenset[tuple[str, ...]] = frozenset()

    def __str__(self) -> str:
        return self.name


OPERATIONS = [
    Operation(
        "integrations.list",
        lambda c, h: c.integrations.list(ordering="shop_name", extra_headers=h),
        returns_list_of(models.Integration),
        is_get=True,
    ),
    Operation(
        "integrations.get",
        lambda c, h: c.integrations.get(INTEGRATION_ID, extra_headers=h),
        returns(models.Integration),
        {404: INTEGRATION_NOT_FOUND},
        is_get=True,
    ),
    Operation(
        "integrations.update",
        lambda c, h: c.integrations.update(
            INTEGRATION_ID, make_integration_update(), extra_headers=h
        ),
        returns(models.IntegrationUpdate),
        {400: INTEGRATION_BAD_REQUEST, 404: INTEGRATION_NOT_FOUND},
    ),
    Operation(
        "integrations.partial_update",
        lambda c, h: c.integrations.partial_update(
            INTEGRATION_ID,
            models.IntegrationUpdate(service_point_enabled=False, webhook_active=False),
            extra_headers=h,
        ),
        returns(models.IntegrationUpdate),
        {400: INTEGRATION_BAD_REQUEST, 404: INTEGRATION_NOT_FOUND},
    ),
    Operation(
        "integrations.delete",
        lambda c, h: c.integrations.delete(INTEGRATION_ID, extra_headers=h),
        returns_none,
        {404: INTEGRATION_NOT_FOUND},
    ),
    Operation(
        "shipments.list",
        lambda c, h: c.shipments.list(
            INTEGRATION_ID,
            external_order_ids=["555413", "555414"],
            shipping_rules=True,
            extra_headers=h,
        ),
        returns_page(models.ShipmentsListResponse, models.ShipmentBlobOrder),
        {404: SHIPMENT_NOT_FOUND},
        is_get=True,
        example_mismatches=SHIPMENTS_EXAMPLE_MISMATCHES,
        example_violations=SHIPMENTS_EXAMPLE_VIOLATIONS,
    ),
    Operation(
        "shipments.upsert",
        lambda c, h: c.shipments.upsert(INTEGRATION_ID, UPSERT_ORDERS, extra_headers=h),
        # Prism answers with the spec's example whatever was sent: one of each kind.
        returns_list_of(models.ShipmentCreateUpdateLog, models.ShipmentErrorLog),
        {400: UPSERT_BAD_REQUEST, 404: SHIPMENT_NOT_FOUND},
        batched=True,
    ),
    Operation(
        "shipments.delete",
        lambda c, h: c.shipments.delete(
            INTEGRATION_ID,
            models.ShipmentDeleteByExternalIds(
                external_order_id="ORD-000001", external_shipment_id="SHP-000001"
            ),
            extra_headers=h,
        ),
        returns_none,
        {400: DELETE_BAD_REQUEST, 404: SHIPMENT_NOT_FOUND},
    ),
    Operation(
        "integration_logs.list_all",
        lambda c, h: c.integration_logs.list_all(extra_headers=h),
        returns_page(models.IntegrationLogsListAllResponse, models.IntegrationLog),
        is_get=True,
    ),
    Operation(
        "integration_logs.list",
        lambda c, h: c.integration_logs.list(INTEGRATION_ID, extra_headers=h),
        returns_page(models.IntegrationLogsListResponse, models.IntegrationLog),
        {404: INTEGRATION_NOT_FOUND},
        is_get=True,
    ),
    Operation(
        "integration_logs.create",
        lambda c, h: c.integration_logs.create(
            INTEGRATION_ID, make_integration_log(INTEGRATION_ID), extra_headers=h
        ),
        returns(models.IntegrationLog),
        {400: LOG_BAD_REQUEST, 404: INTEGRATION_NOT_FOUND},
    ),
]
BY_NAME = {operation.name: operation for operation in OPERATIONS}

#: The AsyncClient subset: a plain GET, a PATCH, the paginated list, the batched upsert,
#: the oneOf-bodied delete and the non-idempotent create.
ASYNC_CALLS: dict[str, Callable[[AsyncClient, Headers], Awaitable[Any]]] = {
    "integrations.get": lambda c, h: c.integrations.get(INTEGRATION_ID, extra_headers=h),
    "integrations.partial_update": lambda c, h: c.integrations.partial_update(
        INTEGRATION_ID, models.IntegrationUpdate(service_point_enabled=False), extra_headers=h
    ),
    "shipments.list": lambda c, h: c.shipments.list(INTEGRATION_ID, extra_headers=h),
    "shipments.upsert": lambda c, h: c.shipments.upsert(
        INTEGRATION_ID, UPSERT_ORDERS, extra_headers=h
    ),
    "shipments.delete": lambda c, h: c.shipments.delete(
        INTEGRATION_ID,
        models.ShipmentDeleteByUuid(
            shipment_uuid=uuid.UUID("6b436cb2-65a4-482c-9d25-38be7868ff00")
        ),
        extra_headers=h,
    ),
    "integration_logs.create": lambda c, h: c.integration_logs.create(
        INTEGRATION_ID, make_integration_log(INTEGRATION_ID), extra_headers=h
    ),
}

ERROR_TYPES: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    404: errors.NotFoundError,
}


def error_cases(operations: list[Operation]) -> list[Any]:
    """``(operation, status)`` for every declared 400/404, with readable test ids."""
    return [
        pytest.param(operation, status, id=f"{operation.name}-{status}")
        for operation in operations
        for status in sorted(operation.errors)
    ]


ERROR_CASES = error_cases(OPERATIONS)
ASYNC_ERROR_CASES = error_cases([BY_NAME[name] for name in sorted(ASYNC_CALLS)])


# -- assertions shared by the tests ----------------------------------------------------


def assert_conforms(operation: Operation, exchange: Exchange, result: Any) -> None:
    """Prism accepted the request, and the answer parsed exactly as the spec says."""
    assert 200 <= exchange.status < 300, f"{operation}: Prism answered {exchange}"
    assert exchange.request_violations == [], f"{operation}: our request broke the spec"
    assert exchange.response_violation_locations == operation.example_violations
    operation.check(result)
    found = audit(result)
    assert found.missing == [] and found.unrecognized == [], found
    assert found.mismatched == operation.example_mismatches


def explain_failure(log: PrismLog, run: Callable[[], Any]) -> Any:
    """Run a call that must succeed; if it raises, fail with what Prism said about it.

    A request that breaks the spec usually comes back as a 400 (so a BadRequestError);
    the violations Prism listed are what tells the reader which field was wrong.
    """
    try:
        return run()
    except errors.APIError as exc:
        violations = [v for exchange in log.exchanges for v in exchange.violations]
        raise AssertionError(f"call failed ({exc!r}); Prism reported {violations}") from exc


def expect_status_error(
    operation: Operation, run: Callable[[], Any], error_type: type[errors.APIStatusError]
) -> errors.APIStatusError:
    """Run the call and return the typed error it raised.

    For the batched upsert it is a :class:`BatchError` that is also an ``error_type``
    (so ``except NotFoundError`` works as for any call), whose ``__cause__`` is the error of
    the first (and only) chunk; nothing succeeded.
    """
    if not operation.batched:
        with pytest.raises(error_type) as raised:
            run()
        return raised.value
    with pytest.raises(errors.BatchError) as batch:
        run()
    assert isinstance(batch.value, error_type)
    assert batch.value.results == []
    assert batch.value.failed_chunks == [(0, len(UPSERT_ORDERS))]
    cause = batch.value.__cause__
    assert isinstance(cause, error_type), f"BatchError caused by {cause!r}"
    return cause


def assert_error_body(error: errors.APIStatusError, status: int, expected: ErrorBody) -> None:
    assert error.status_code == status
    if expected.model is None:
        assert error.body is None  # declared without content, and Prism sends none
        return
    body: Any = error.body
    assert isinstance(body, expected.model), f"body not parsed: {body!r}"
    assert body.error.code == status
    assert body.error.message == expected.message
    assert body.error.request.startswith("api/v2/integrations/")
    assert audit(body).clean
    assert error.message == f"{status}: {expected.message}"


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prism_log() -> PrismLog:
    return PrismLog()


@pytest.fixture(scope="module")
def shared_client(prism_url: str, prism_log: PrismLog) -> Iterator[Client]:
    """One authenticated client for the whole module: connections are reused."""
    with prism_client(prism_url, prism_log, PUBLIC_KEY, SECRET_KEY) as client:
        yield client


@pytest.fixture
def client(shared_client: Client, prism_log: PrismLog) -> Client:
    """The shared client, with the exchange log emptied for this test."""
    prism_log.clear()
    return shared_client


# -- the tests -------------------------------------------------------------------------


def test_every_operation_is_covered() -> None:
    """A new operation in the spec or the client must get a row in OPERATIONS."""
    spec = yaml.safe_load(DEFAULT_SPEC.read_text(encoding="utf-8"))
    in_spec = [
        (method, path)
        for path, item in spec["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"}
    ]
    in_client = {
        f"{resource}.{name}"
        for resource, cls in (
            ("integrations", IntegrationsResource),
            ("shipments", ShipmentsResource),
            ("integration_logs", IntegrationLogsResource),
        )
        for name, member in vars(cls).items()
        if callable(member) and not name.startswith("_")
    }
    assert len(in_spec) == len(OPERATIONS) == 11
    assert in_client == set(BY_NAME)


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_operation_conforms_to_the_spec(
    client: Client, prism_log: PrismLog, operation: Operation
) -> None:
    result = explain_failure(prism_log, lambda: operation.call(client, {}))
    assert_conforms(operation, prism_log.single(), result)
    assert size(result) != 0, "the spec's example has items; an empty parse lost them"


def test_a_request_that_breaks_the_spec_is_caught(client: Client, prism_log: PrismLog) -> None:
    """The conformance check has teeth: a wrong-typed field is a request violation.

    A plain mapping is sent as given (the client keeps the mistyped value), so Prism sees
    a string where the spec wants a boolean and answers the declared 400.
    """
    with pytest.raises(errors.BadRequestError):
        client.integrations.partial_update(INTEGRATION_ID, {"service_point_enabled": "yes"})
    [violation] = prism_log.single().request_violations
    assert violation.location == ("request", "body", "service_point_enabled")
    assert violation.code == "type"


def test_shipments_example_keeps_the_cost_strings(client: Client) -> None:
    """The spec's example sends costs as strings: kept as received and written back as is."""
    page = client.shipments.list(INTEGRATION_ID)
    [order] = page.results
    assert order.external_order_id == "555413"
    assert isinstance(order.customs_details, models.CustomsInformation)
    assert order.customs_details.mismatched_fields == EXAMPLE_COST_STRINGS
    assert order.customs_details.discount_granted is UNSET
    written = order.to_dict()["customs_details"]
    assert {name: written[name] for name in EXAMPLE_COST_STRINGS} == EXAMPLE_COST_STRINGS


@pytest.mark.parametrize(("operation", "status"), ERROR_CASES)
def test_declared_error_raises_typed_error_with_parsed_body(
    client: Client, prism_log: PrismLog, operation: Operation, status: int
) -> None:
    headers = {"Prefer": f"code={status}"}
    error = expect_status_error(
        operation, lambda: operation.call(client, headers), ERROR_TYPES[status]
    )
    exchange = prism_log.single()
    assert exchange.status == status
    assert exchange.violations == (), "a valid request must not be blamed for the error"
    assert_error_body(error, status, operation.errors[status])


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_missing_credentials_raise_authentication_error(
    prism_url: str, monkeypatch: pytest.MonkeyPatch, operation: Operation
) -> None:
    monkeypatch.delenv("SENDCLOUD_PUBLIC_KEY", raising=False)
    monkeypatch.delenv("SENDCLOUD_SECRET_KEY", raising=False)
    log = PrismLog()
    with prism_client(prism_url, log, None, None) as client:
        assert repr(client).endswith("auth=none)")
        error = expect_status_error(
            operation, lambda: operation.call(client, {}), errors.AuthenticationError
        )
    exchange = log.single()
    assert exchange.status == 401 and not exchange.authorized
    assert error.status_code == 401
    assert error.body["title"] == "Invalid security scheme used"  # problem+json, no model
    assert error.response.headers["www-authenticate"].startswith("Basic")


@pytest.mark.parametrize("operation", [op for op in OPERATIONS if op.is_get], ids=str)
def test_dynamic_responses_parse_without_error(
    client: Client, prism_log: PrismLog, operation: Operation
) -> None:
    """Schema-generated bodies (random strings, nulls, extra keys) all parse cleanly."""
    headers = {"Prefer": "dynamic=true"}
    distinct: set[str] = set()
    for _ in range(DYNAMIC_CALLS):
        result = operation.call(client, headers)
        operation.check(result)
        found = audit(result)
        assert found.clean, f"{operation}: {found}"
        distinct.add(repr(result.body if isinstance(result, Page) else result))
    assert len(prism_log.exchanges) == DYNAMIC_CALLS
    for exchange in prism_log.exchanges:
        assert exchange.status == 200 and exchange.violations == (), exchange
    assert len(distinct) > 1, "dynamic mode is off: every response was the same"


@pytest.mark.parametrize("name", sorted(ASYNC_CALLS))
def test_async_operation_conforms_to_the_spec(prism_url: str, name: str) -> None:
    operation = BY_NAME[name]
    log = PrismLog()

    async def main() -> Any:
        async with async_prism_client(prism_url, log) as client:
            return await ASYNC_CALLS[name](client, {})

    result = explain_failure(log, lambda: asyncio.run(main()))
    assert_conforms(operation, log.single(), result)
    assert size(result) != 0


@pytest.mark.parametrize(("operation", "status"), ASYNC_ERROR_CASES)
def test_async_declared_error_raises_the_same_typed_error(
    prism_url: str, operation: Operation, status: int
) -> None:
    log = PrismLog()

    async def main() -> Any:
        async with async_prism_client(prism_url, log) as client:
            return await ASYNC_CALLS[operation.name](client, {"Prefer": f"code={status}"})

    error = expect_status_error(operation, lambda: asyncio.run(main()), ERROR_TYPES[status])
    assert log.single().status == status
    assert_error_body(error, status, operation.errors[status])

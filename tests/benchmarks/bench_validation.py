"""Events/s of our full validation vs plain `jsonschema` over the official 2-0-2 schema.

Goals: the seed's complete example (Alation's page) validates at least 2x faster with
our full validation (openlineage + alation + lint) than with the baseline in the same run; the
large event (500 datasets x 50 schema fields) validates in under 100 ms.

Baseline: a `jsonschema.Draft202012Validator` over the official core schema, built once and
reused, formats asserted — the most generous plain use (it checks no facet schemas at all).
Run: `.venv/bin/python tests/benchmarks/bench_validation.py` (needs ../shared).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from composer.core.validation import validate
from tests.benchmarks.report import write_section
from tests.spec_data import SCHEMAS_DIR, alation_examples

RULE_SETS = ("openlineage", "alation", "lint")


def large_event(datasets: int = 500, fields: int = 50) -> dict[str, Any]:
    def dataset(i: int) -> dict[str, Any]:
        return {
            "namespace": "postgres://prod-db.example.com:5432",
            "name": f"sales_db.public.table_{i}",
            "facets": {
                "schema": {
                    "_producer": "https://github.com/myorg/custom-etl/v1.0.0",
                    "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
                    "fields": [
                        {"name": f"column_{j}", "type": "VARCHAR", "description": f"column {j} of table {i}"}
                        for j in range(fields)
                    ],
                }
            },
        }

    half = datasets // 2
    return {
        "eventType": "COMPLETE",
        "eventTime": "2024-02-20T10:30:00.000Z",
        "run": {"runId": "0190f3a2-7c4e-7b1a-9d2f-3c5e5e5e5e5e"},
        "job": {"namespace": "my-etl-system", "name": "big-job"},
        "inputs": [dataset(i) for i in range(half)],
        "outputs": [dataset(i) for i in range(half, datasets)],
        "producer": "https://github.com/myorg/custom-etl/v1.0.0",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }


def official_validator() -> Draft202012Validator:
    core = json.loads((SCHEMAS_DIR / "OpenLineage.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(core["$id"], Resource.from_contents(core))
    return Draft202012Validator(
        core, registry=registry, format_checker=FormatChecker(formats=["date-time", "uri", "uuid"])
    )


def per_second(action: Callable[[], object], seconds: float = 2.0) -> tuple[float, float]:
    """(events per second, median ms per event) over repeated runs for about `seconds`."""
    timings: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(timings) < 5:
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    return 1.0 / median, median * 1000


def main() -> None:
    complete = json.loads(alation_examples()["complete"])
    big = large_event()
    baseline = official_validator()
    validate(complete, RULE_SETS)  # compile our schemas once, as the app does at start

    ours_rate, ours_ms = per_second(lambda: validate(complete, RULE_SETS))
    base_rate, base_ms = per_second(lambda: list(baseline.iter_errors(complete)))
    big_rate, big_ms = per_second(lambda: validate(big, RULE_SETS), seconds=5)
    _, base_big_ms = per_second(lambda: list(baseline.iter_errors(big)), seconds=5)
    ratio = ours_rate / base_rate
    body = f"""
`tests/benchmarks/bench_validation.py`. Ours = full validation (openlineage + alation + lint rule sets,
every standard facet checked by key). Baseline = `jsonschema.Draft202012Validator` over the official
core 2-0-2 schema, built once, formats asserted, no facet schemas.

| event | ours | baseline | goal |
|---|---|---|---|
| Alation's complete example | {ours_rate:,.0f} events/s ({ours_ms:.3f} ms) | {base_rate:,.0f} events/s ({base_ms:.3f} ms) | ≥ 2x baseline: **{ratio:.1f}x** {"met" if ratio >= 2 else "NOT met"} |
| large: 500 datasets x 50 schema fields | {big_ms:.1f} ms ({big_rate:,.1f} events/s) | {base_big_ms:.1f} ms | < 100 ms: {"met" if big_ms < 100 else "NOT met"} |
"""
    print(body)
    write_section("Validation", body)


if __name__ == "__main__":
    main()

"""Habits that keep hand-written lineage resolvable, beyond what is strictly required.

`lint` speaks for Alation (its namespace matching rule); `portable_lint_rules` is the same
without Alation's advice, for the other receivers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from composer.core import facets as facet_catalog
from composer.core import namespaces
from composer.core.formats import has_utc_offset, is_absolute_uri, is_uuid, parse_timestamp
from composer.core.pointer import resolve
from composer.core.problems import Problem, Severity
from composer.core.schemas import load_schema_set
from composer.core.validation.context import Context, label, pointer
from composer.core.validation.wording import explain_format_miss

RULE_SET = "lint"
# Clocks disagree a little; an event a few minutes "from the future" is not worth a warning.
_CLOCK_SKEW = timedelta(minutes=5)


def _finding(severity: Severity, path: str, text: str, hint: str, code: str) -> Problem:
    return Problem(severity, path, f"{label(path)}: {text}", hint, RULE_SET, code)


def lint_rules(context: Context) -> Iterator[Problem]:
    return _lint(context, alation=True)


def portable_lint_rules(context: Context) -> Iterator[Problem]:
    return _lint(context, alation=False)


def _lint(context: Context, *, alation: bool) -> Iterator[Problem]:
    if not isinstance(context.event, dict):
        return
    yield from _run_id(context)
    yield from _event_time(context)
    yield from _producer(context)
    yield from _datasets(context, alation)
    sites = list(facet_catalog.facet_sites(context.obj, facet_catalog.guess_kind(context.obj)))
    yield from _facet_versions(context, sites)
    yield from _facet_formats(context, sites)
    for path in context.duplicate_keys:
        yield _finding(
            "warning",
            path,
            "an object here repeats a key; readers disagree on which value wins",
            "Keep one copy of the key (Edit JSON).",
            "lint.duplicate-key",
        )


def _run_id(context: Context) -> Iterator[Problem]:
    run_id = context.section("run").get("runId")
    if isinstance(run_id, str) and run_id and not is_uuid(run_id):
        yield _finding(
            "warning",
            "/run/runId",
            f"{run_id!r} is not a UUID",
            "Use a new UUID for every run (Regenerate), so runs never collide.",
            "format.uuid",
        )


def _event_time(context: Context) -> Iterator[Problem]:
    value = context.obj.get("eventTime")
    if not isinstance(value, str):
        return
    moment = parse_timestamp(value)
    if moment is None:
        return
    if not has_utc_offset(value) or moment.tzinfo is None:
        yield _finding(
            "warning",
            "/eventTime",
            "has no time zone, so readers may place it hours off",
            "End it with Z for UTC (2024-02-20T10:30:00.000Z) or an offset such as +02:00.",
            "format.date-time",
        )
        return
    if moment > context.clock + _CLOCK_SKEW:
        yield _finding(
            "warning",
            "/eventTime",
            f"{value} is in the future",
            "Use the time the job actually finished (Now sets the current time).",
            "lint.eventTime.future",
        )


def _producer(context: Context) -> Iterator[Problem]:
    value = context.obj.get("producer")
    if isinstance(value, str) and not is_absolute_uri(value):
        yield _finding(
            "warning",
            "/producer",
            f"{value!r} is not a URI",
            "Name the producing tool with a URI, e.g. https://github.com/myorg/custom-etl/v1.0.0.",
            "format.uri",
        )


def _datasets(context: Context, alation: bool) -> Iterator[Problem]:
    seen: dict[str, Counter[tuple[str, str]]] = {}
    for side in ("inputs", "outputs"):
        counter: Counter[tuple[str, str]] = Counter()
        for index, item in context.datasets(side):
            namespace, name = item.get("namespace"), item.get("name")
            if not isinstance(namespace, str) or not isinstance(name, str) or not namespace:
                continue
            counter[(namespace, name)] += 1
            if counter[(namespace, name)] == 2:
                yield _finding(
                    "warning",
                    pointer(side, index),
                    f"{namespace}/{name} is listed twice in {side}",
                    "Remove the duplicate; one entry per dataset is enough.",
                    "lint.dataset.duplicate",
                )
            yield from _namespace_and_name(side, index, namespace, name, alation)
        seen[side] = counter
    for index, item in context.datasets("outputs"):
        key = (item.get("namespace"), item.get("name"))
        if all(isinstance(part, str) for part in key) and key in seen["inputs"]:
            yield _finding(
                "info",
                pointer("outputs", index),
                f"{key[0]}/{key[1]} is both an input and an output",
                "That draws a loop on the dataset; check it is intended (an in-place update).",
                "lint.dataset.self-loop",
            )


def _namespace_and_name(side: str, index: int, namespace: str, name: str, alation: bool) -> Iterator[Problem]:
    match = namespaces.parse_namespace(namespace)
    if match is None:
        yield _finding(
            "warning",
            pointer(side, index, "namespace"),
            f"{namespace!r} matches no known data source pattern",
            "Alation matches a namespace to a data source by the host:port of its JDBC URI, e.g. "
            "postgres://prod-db.example.com:5432: derive it from the data source's JDBC URI."
            if alation
            else "OpenLineage names a dataset's namespace after its platform, e.g. "
            "postgres://prod-db.example.com:5432.",
            "lint.namespace.unknown",
        )
        return
    alation_form = match.platform.alation_form
    if alation and not match.form.alation_match and alation_form is not None:
        yield _finding(
            "warning",
            pointer(side, index, "namespace"),
            f"{namespace!r} uses OpenLineage's {match.platform.label} form, which Alation does not match",
            f"Alation matches {alation_form.label}: {alation_form.note}",
            "lint.namespace.not-alation-form",
        )
    # An empty name is the required-field rule's one problem, not a second one about its shape.
    shape = namespaces.check_name(match.platform.id, name) if isinstance(name, str) and name.strip() else None
    if shape:
        yield _finding(
            "warning",
            pointer(side, index, "name"),
            shape,
            f"{match.platform.label} dataset names look like {match.platform.name_shape}, "
            f"e.g. {match.platform.name_example}.",
            "lint.name.shape",
        )


def _facet_versions(context: Context, sites: list[facet_catalog.FacetSite]) -> Iterator[Problem]:
    for path, node in [(("",), context.obj), *((site.path, site.facet) for site in sites)]:
        url = node.get("_schemaURL" if path != ("",) else "schemaURL") if isinstance(node, dict) else None
        if isinstance(url, str) and facet_catalog.is_known_version(url) is False:
            where = pointer(*path, "_schemaURL") if path != ("",) else "/schemaURL"
            yield _finding(
                "warning",
                where,
                f"names a schema we don't know ({url}): a version or file name that was never published",
                "Check the schema's name (its case too) and version against https://openlineage.io/spec/; "
                "a _schemaURL that does not resolve is a common defect.",
                "lint.schema-version.unknown",
            )


def _facet_formats(context: Context, sites: list[facet_catalog.FacetSite]) -> Iterator[Problem]:
    """Standard facet values that miss the format their schema annotates (`dataSource.uri` =
    "file" from the Spark integration): valid, as the reference validator runs the schemas, so a
    warning, never an error; see `SchemaSet.facet_format_misses`."""
    schemas = load_schema_set()
    for site in sites:
        for miss in schemas.facet_format_misses(site.key, site.container, site.facet):
            path = pointer(*site.path, *miss.path)
            fmt = str(miss.details["format"])
            text, hint = explain_format_miss(fmt, str(resolve(context.obj, path)))
            yield _finding("warning", path, text, hint, f"lint.facet-format.{fmt}")

"""Which widgets a standard facet gets: built from its schema, with a few fields done by hand.

Most facets need nothing special: strings, numbers, enums, timestamps, small objects and lists
of flat objects all follow from the schema (see `shapes`). The exceptions are where a general
widget would be poor: the SQL query (highlighted), the schema's column table (paste a column
list), column lineage (choices from the rest of the event) and long texts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from composer.core.facets import FacetSpec
from composer.ui.facets.binding import Binding, humanize
from composer.ui.facets.column_lineage import ColumnLineageBinding
from composer.ui.facets.context import FacetContext, Path
from composer.ui.facets.fields import (
    BoolBinding,
    ChoiceBinding,
    DateTimeBinding,
    LongTextBinding,
    NumberBinding,
    TextBinding,
    uri_problem,
    uuid_problem,
)
from composer.ui.facets.group import GroupBinding
from composer.ui.facets.json_field import JsonBinding
from composer.ui.facets.rows import Column, RowsBinding
from composer.ui.facets.schema_fields import SchemaFieldsBinding
from composer.ui.facets.shapes import Member, facet_shape, group_members, members, resolve, table_columns
from composer.ui.facets.sql_query import SqlBinding

# Values people usually pick from, offered in an open combo (anything else can still be typed).
# Keyed by facet key and the field's dotted path inside the facet.
SUGGESTIONS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("jobType", "processingType"): ("BATCH", "STREAMING", "SERVICE"),
    ("jobType", "integration"): (
        "SPARK",
        "FLINK",
        "AIRFLOW",
        "DBT",
        "DAGSTER",
        "SNOWFLAKE",
        "BIGQUERY",
        "CUSTOM",
    ),
    ("jobType", "jobType"): ("QUERY", "COMMAND", "DAG", "TASK", "JOB", "MODEL", "SNAPSHOT", "SEED"),
    ("jobType", "emissionPattern.eventTrigger"): ("EVENT_BASED", "PERIODIC"),
    ("jobType", "emissionPattern.eventContentMode"): ("ACCUMULATIVE", "COMPLETE_SNAPSHOT"),
    ("documentation", "contentType"): ("text/plain", "text/markdown", "text/html"),
    ("sql", "dialect"): (
        "ansi",
        "bigquery",
        "databricks",
        "hive",
        "mssql",
        "mysql",
        "oracle",
        "postgres",
        "redshift",
        "snowflake",
        "sparksql",
        "trino",
    ),
    ("errorMessage", "programmingLanguage"): ("JAVA", "PYTHON", "SCALA", "SQL"),
    ("sourceCode", "language"): ("python", "scala", "java", "sql", "r"),
    ("sourceCodeLocation", "type"): ("git", "svn"),
    ("processing_engine", "name"): ("Spark", "Flink", "Airflow", "dbt", "Hive", "Trino"),
    ("datasetType", "datasetType"): ("TABLE", "VIEW", "FILE", "TOPIC", "STREAM", "MODEL"),
    ("storage", "storageLayer"): ("iceberg", "delta", "hudi", "hive"),
    ("storage", "fileFormat"): ("parquet", "orc", "avro", "json", "csv", "text"),
    ("catalog", "framework"): ("iceberg", "delta", "hive"),
    ("catalog", "type"): ("jdbc", "glue", "hive", "nessie", "polaris", "rest", "unity"),
    ("ownership", "owners.type"): ("MAINTAINER", "OWNER", "STEWARD"),
    ("symlinks", "identifiers.type"): ("TABLE", "LOCATION"),
    ("tags", "tags.source"): ("USER", "INTEGRATION"),
    ("hierarchy", "hierarchy.type"): ("DATABASE", "SCHEMA", "TABLE", "CATALOG", "BUCKET", "FOLDER"),
}
# (facet key, field) -> lines shown at least; these get a multi-line box instead of a line edit.
LONG_TEXT: Mapping[tuple[str, str], int] = {
    ("documentation", "description"): 3,
    ("errorMessage", "message"): 2,
    ("errorMessage", "stackTrace"): 4,
    ("sourceCode", "sourceCode"): 6,
    ("test", "description"): 3,
}
# Labels where the field's name alone would mislead.
LABELS: Mapping[tuple[str, str], str] = {
    ("columnLineage", "dataset"): "Sources of the whole dataset",
    ("lineage", "inputs"): "Sources of the whole dataset",
    ("lineage", "fields"): "Sources per column",
}
_CHECKS = {"uri": uri_problem, "uuid": uuid_problem}

Special = Callable[[FacetContext, Member, Mapping[str, object]], Binding]


def _sql_query(ctx: FacetContext, member: Member, root: Mapping[str, object]) -> Binding:
    return SqlBinding(ctx, (member.name,), humanize(member.name), member.description, member.required)


def _schema_fields(ctx: FacetContext, member: Member, root: Mapping[str, object]) -> Binding:
    item = resolve(member.schema.get("items", {}), root)
    return SchemaFieldsBinding(ctx, (member.name,), "Columns", member.description, members(item, root))


def _column_lineage(ctx: FacetContext, member: Member, root: Mapping[str, object]) -> Binding:
    defs = root.get("$defs", {})
    input_field = defs.get("InputField", {}) if isinstance(defs, dict) else {}
    transformations = input_field.get("properties", {}).get("transformations", {})
    item = transformations.get("items", {}).get("properties", {})
    keys = tuple(key for key in ("type", "subtype") if key in item)
    return ColumnLineageBinding(ctx, (member.name,), "Column mappings", member.description, keys)


SPECIAL: Mapping[tuple[str, str], Special] = {
    ("sql", "query"): _sql_query,
    ("schema", "fields"): _schema_fields,
    ("columnLineage", "fields"): _column_lineage,
}


def facet_bindings(ctx: FacetContext, spec: FacetSpec) -> list[Binding]:
    """One binding per top-level field of the facet, in the schema's order."""
    shape = facet_shape(spec)
    bindings: list[Binding] = []
    for field in spec.fields:
        member = shape.members.get(field.name) or Member(field.name, {"type": field.type}, field.required)
        special = SPECIAL.get((spec.key, field.name))
        if special is not None:
            bindings.append(special(ctx, member, shape.root))
        else:
            bindings.extend(member_bindings(ctx, (field.name,), member, shape.root))
    return bindings


def member_bindings(
    ctx: FacetContext, path: Path, member: Member, root: Mapping[str, object]
) -> list[Binding]:
    """The widgets for one schema property: a simple field, a table, a group, or raw JSON."""
    schema = member.schema
    label, description, required = humanize(member.name), member.description, member.required
    dotted = ".".join(path)
    kind = member.type
    if "enum" in schema:
        choices = tuple(str(value) for value in schema["enum"])
        return [ChoiceBinding(ctx, path, label, description, required, choices=choices)]
    if kind == "string":
        return [_string_binding(ctx, path, member, dotted)]
    if kind in ("integer", "number"):
        return [NumberBinding(ctx, path, label, description, required, integer=kind == "integer")]
    if kind == "boolean":
        return [BoolBinding(ctx, path, label, description, required)]
    columns = table_columns(schema, root)
    if columns is not None:
        table_columns_ = [
            Column(
                column.name,
                humanize(column.name),
                column.description,
                SUGGESTIONS.get((ctx.key, f"{dotted}.{column.name}"), ()),
            )
            for column in columns
        ]
        noun = "entry" if not label.endswith("s") else label.lower().removesuffix("s")
        return [RowsBinding(ctx, path, label, description, table_columns_, required=required, noun=noun)]
    grouped = group_members(schema, root)
    if grouped is not None and len(path) < 4:
        children = [child for sub in grouped for child in member_bindings(ctx, (*path, sub.name), sub, root)]
        return [GroupBinding(ctx, path, label, description, children, required=required)]
    if len(path) > 1:
        return []  # deep free-form values stay as they are; the JSON view edits them
    return [
        JsonBinding(
            ctx, path, LABELS.get((ctx.key, dotted), label), description, required, lines=3, kind=kind
        )
    ]


def _string_binding(ctx: FacetContext, path: Path, member: Member, dotted: str) -> Binding:
    label, description, required = humanize(member.name), member.description, member.required
    fmt = str(member.schema.get("format") or "")
    if fmt == "date-time":
        return DateTimeBinding(ctx, path, label, description, required)
    lines = LONG_TEXT.get((ctx.key, dotted))
    if lines:
        return LongTextBinding(ctx, path, label, description, required, lines=lines)
    suggestions = SUGGESTIONS.get((ctx.key, dotted))
    if suggestions:
        return ChoiceBinding(ctx, path, label, description, required, choices=suggestions, editable=True)
    return TextBinding(ctx, path, label, description, required, check=_CHECKS.get(fmt))

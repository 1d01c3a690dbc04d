"""Real producers' events, for tests: open, round-trip and validate what production sends.

Two halves, both ours (nothing copied from ../shared or from the producers' repositories):

- `events/*.json`, written here in the shapes the producers' documentation and public test data
  describe: the Spark integration (local files, BigQuery on Dataproc, Databricks on DBFS, where
  `dataSource.uri` is the bare word `file`, `bigquery` or `dbfs` and `sourceCodeLocation.url` a
  notebook path), the Airflow provider (a DAG run, a task with parent and root, a failure), dbt-ol
  (a model and its tests, `dataQualityAssertions` under `facets` as dbt-ol puts it), Flink
  (streaming, Kafka topics, nanosecond time), Great Expectations' validation action and DataHub's
  Spark agent and converter. Each keeps a layout some producer writes (compact one line, 2 or 4
  spaces, no final newline, a blank line after, CRLF, raw non-ASCII), since round trips must keep
  the bytes.
- `generated_events()`, built at test time by the producers' own public libraries:
  `openlineage-python`'s event classes and facet helpers (serialised with its `Serde`, as its
  transports send them) and `openlineage-sql` for the tables and column lineage of a Spark SQL
  statement and a dbt model's SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

EVENTS = Path(__file__).resolve().parent / "events"
PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python"


def written_events() -> list[Path]:
    return sorted(EVENTS.glob("*.json"))


def generated_events() -> dict[str, str]:
    """name -> exact JSON text, made by openlineage-python (and openlineage-sql) now."""
    return {name: make() for name, make in _GENERATORS.items()}


def _serde(event: object, *, indent: int | None = None) -> str:
    from openlineage.client.serde import Serde  # noqa: PLC0415 (a test dependency, loaded on use)

    return Serde.to_json(event) if indent is None else json.dumps(Serde.to_dict(event), indent=indent)


def _spark_via_client() -> str:
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import (  # noqa: PLC0415
        column_lineage_dataset as cl,
    )
    from openlineage.client.facet_v2 import (  # noqa: PLC0415
        datasource_dataset,
        job_type_job,
        lifecycle_state_change_dataset,
        output_statistics_output_dataset,
        parent_run,
        processing_engine_run,
        schema_dataset,
        source_code_location_job,
        storage_dataset,
        symlinks_dataset,
    )

    def source(word: str) -> datasource_dataset.DatasourceDatasetFacet:
        return datasource_dataset.DatasourceDatasetFacet(name=word, uri=word)  # what Spark sends

    parent = parent_run.ParentRunFacet(
        run=parent_run.Run(runId="0192963f-929e-731b-a075-9bb14bf41d38"),
        job=parent_run.Job(namespace="airflow", name="nightly.spark_submit"),
        root=parent_run.Root(
            run=parent_run.RootRun(runId="0192963f-8f00-7000-8000-000000000001"),
            job=parent_run.RootJob(namespace="airflow", name="nightly"),
        ),
    )
    schema = schema_dataset.SchemaDatasetFacet(
        fields=[
            schema_dataset.SchemaDatasetFacetFields(name="id", type="long"),
            schema_dataset.SchemaDatasetFacetFields(
                name="address",
                type="struct",
                fields=[schema_dataset.SchemaDatasetFacetFields(name="city", type="string")],
            ),
        ]
    )
    lineage = cl.ColumnLineageDatasetFacet(
        fields={
            "id": cl.Fields(
                inputFields=[
                    cl.InputField("dbfs", "/mnt/raw/people", "id", [cl.Transformation("DIRECT", "IDENTITY")])
                ]
            )
        }
    )
    event = ev.RunEvent(
        eventTime="2024-07-02T08:15:33.870Z",
        producer="https://github.com/OpenLineage/OpenLineage/tree/1.19.0/integration/spark",
        eventType=ev.RunState.COMPLETE,
        run=ev.Run(
            runId="01907a1e-6d33-7e1c-84b5-1dae7f2e3b44",
            facets={
                "parent": parent,
                "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
                    version="3.5.0", name="spark", openlineageAdapterVersion="1.19.0"
                ),
            },
        ),
        job=ev.Job(
            namespace="databricks",
            name="people.execute_save_into_data_source_command.people_by_city",
            facets={
                "jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="SPARK", jobType="JOB"),
                "sourceCodeLocation": source_code_location_job.SourceCodeLocationJobFacet(
                    type="notebook", url="notebook"
                ),
            },
        ),
        inputs=[
            ev.InputDataset(
                "dbfs",
                "/mnt/raw/people",
                facets={
                    "dataSource": source("dbfs"),
                    "schema": schema,
                    "symlinks": symlinks_dataset.SymlinksDatasetFacet(
                        identifiers=[symlinks_dataset.Identifier("hive_metastore", "raw.people", "TABLE")]
                    ),
                },
            ),
            ev.InputDataset("file", "/tmp/cities.csv", facets={"dataSource": source("file")}),
        ],
        outputs=[
            ev.OutputDataset(
                "bigquery",
                "acme.reports.people_by_city",
                facets={
                    "dataSource": source("bigquery"),
                    "columnLineage": lineage,
                    "storage": storage_dataset.StorageDatasetFacet(storageLayer="delta", fileFormat="parquet"),
                    "lifecycleStateChange": lifecycle_state_change_dataset.LifecycleStateChangeDatasetFacet(
                        lifecycleStateChange=lifecycle_state_change_dataset.LifecycleStateChange.OVERWRITE
                    ),
                },
                outputFacets={
                    "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
                        rowCount=18, size=2048
                    )
                },
            )
        ],
    )
    return _serde(event)


def _airflow_via_client() -> str:
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import (  # noqa: PLC0415
        documentation_job,
        error_message_run,
        external_query_run,
        job_type_job,
        nominal_time_run,
        ownership_job,
        parent_run,
        sql_job,
        tags_run,
    )

    event = ev.RunEvent(
        eventTime="2024-11-26T13:07:12.901447+00:00",
        producer="https://github.com/apache/airflow/tree/providers-openlineage/1.14.0",
        eventType=ev.RunState.FAIL,
        run=ev.Run(
            runId="01936895-2a1b-7c3d-8e4f-5a6b7c8d9e0f",
            facets={
                "nominalTime": nominal_time_run.NominalTimeRunFacet(
                    nominalStartTime="2024-11-25T00:00:00+00:00", nominalEndTime="2024-11-26T00:00:00+00:00"
                ),
                "parent": parent_run.ParentRunFacet(
                    run=parent_run.Run(runId="01936893-9751-7a91-a2a0-a51101a3970c"),
                    job=parent_run.Job(namespace="default", name="bq_daily"),
                ),
                "errorMessage": error_message_run.ErrorMessageRunFacet(
                    message="403 Access Denied: Table acme:reports.daily", programmingLanguage="python"
                ),
                "externalQuery": external_query_run.ExternalQueryRunFacet(
                    externalQueryId="job_1732626332070201", source="bigquery"
                ),
                "tags": tags_run.TagsRunFacet(tags=[tags_run.TagsRunFacetFields("team", "reporting", "DAG")]),
            },
        ),
        job=ev.Job(
            namespace="default",
            name="bq_daily.aggregate",
            facets={
                "jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="AIRFLOW", jobType="TASK"),
                "ownership": ownership_job.OwnershipJobFacet(owners=[ownership_job.Owner("reporting")]),
                "documentation": documentation_job.DocumentationJobFacet(description="Daily totals."),
                "sql": sql_job.SQLJobFacet(query="SELECT day, SUM(amount) FROM acme.raw.sales GROUP BY day"),
            },
        ),
        inputs=[ev.InputDataset("bigquery", "acme.raw.sales")],
        outputs=[ev.OutputDataset("bigquery", "acme.reports.daily")],
    )
    return _serde(event, indent=2)


def _great_expectations_via_client() -> str:
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import (  # noqa: PLC0415
        data_quality_assertions_dataset as dqa,
    )
    from openlineage.client.facet_v2 import (  # noqa: PLC0415
        data_quality_metrics_input_dataset as dqm,
    )

    metrics = dqm.DataQualityMetricsInputDatasetFacet(
        rowCount=48211,
        columnMetrics={
            "amount": dqm.ColumnMetrics(nullCount=3, min=0.5, max=18999.0, quantiles={"0.5": 39.0}),
            "order_id": dqm.ColumnMetrics(nullCount=0, distinctCount=48211),
        },
    )
    assertions = dqa.DataQualityAssertionsDatasetFacet(
        assertions=[
            dqa.Assertion("expect_column_values_to_not_be_null", True, column="order_id"),
            dqa.Assertion("expect_table_row_count_to_be_between", False),
        ]
    )
    event = ev.RunEvent(
        eventTime="2024-03-12T06:30:02.448113Z",
        producer=PRODUCER,
        eventType=ev.RunState.COMPLETE,
        run=ev.Run(runId="f3c1a9e2-47b5-4d0c-9a86-2e1b7d3c5f05"),
        job=ev.Job(namespace="great_expectations", name="orders.warning"),
        inputs=[
            ev.InputDataset(
                "postgres://orders-db.internal:5432",
                "shop.public.orders",
                inputFacets={"dataQualityMetrics": metrics, "dataQualityAssertions": assertions},
            )
        ],
    )
    return _serde(event)


def _dataset_event_via_client() -> str:
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import datasource_dataset, documentation_dataset  # noqa: PLC0415

    dataset = ev.DatasetEvent(
        eventTime="2024-06-10T12:00:00Z",
        producer=PRODUCER,
        dataset=ev.StaticDataset(
            "bigquery",
            "acme.reports.word_totals",
            facets={
                "dataSource": datasource_dataset.DatasourceDatasetFacet(name="bigquery", uri="bigquery"),
                "documentation": documentation_dataset.DocumentationDatasetFacet(description="Totals."),
            },
        ),
    )
    return _serde(dataset)


def _job_event_via_client() -> str:
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import job_type_job  # noqa: PLC0415

    job = ev.JobEvent(
        eventTime="2024-06-10T12:00:01Z",
        producer=PRODUCER,
        job=ev.Job(
            namespace="flink-jobs",
            name="orders_enrichment",
            facets={"jobType": job_type_job.JobTypeJobFacet("STREAMING", "FLINK", "JOB")},
        ),
        inputs=[ev.InputDataset("kafka://kafka-1.internal:9092", "orders")],
        outputs=[ev.OutputDataset("kafka://kafka-1.internal:9092", "orders_enriched")],
    )
    return _serde(job, indent=4)


def _from_sql(sql: str, dialect: str, namespace: str, job_name: str) -> str:
    """An event whose datasets and column lineage openlineage-sql read from `sql`."""
    import openlineage_sql  # noqa: PLC0415
    from openlineage.client import event_v2 as ev  # noqa: PLC0415
    from openlineage.client.facet_v2 import column_lineage_dataset as cl  # noqa: PLC0415
    from openlineage.client.facet_v2 import sql_job  # noqa: PLC0415

    meta = openlineage_sql.parse([sql], dialect=dialect)
    fields = {
        column.descendant.name: cl.Fields(
            inputFields=[cl.InputField(namespace, str(parent.origin), parent.name) for parent in column.lineage]
        )
        for column in meta.column_lineage
    }
    outputs = [
        ev.OutputDataset(namespace, table.qualified_name, facets={"columnLineage": cl.ColumnLineageDatasetFacet(fields)})
        for table in meta.out_tables
    ]
    event = ev.RunEvent(
        eventTime="2025-01-15T04:00:12.5Z",
        producer=PRODUCER,
        eventType=ev.RunState.COMPLETE,
        run=ev.Run(runId="0194683a-3c2d-7e1f-9a0b-1c2d3e4f5a6b"),
        job=ev.Job(namespace="default", name=job_name, facets={"sql": sql_job.SQLJobFacet(query=sql, dialect=dialect)}),
        inputs=[ev.InputDataset(namespace, table.qualified_name) for table in meta.in_tables],
        outputs=outputs,
    )
    return _serde(event)


def _spark_sql_via_openlineage_sql() -> str:
    sql = (
        "INSERT INTO warehouse.orders_clean SELECT o.order_id, c.name AS customer_name "
        "FROM raw.orders o JOIN raw.customers c ON o.customer_id = c.id"
    )
    return _from_sql(sql, "sparksql", "hive://metastore.internal:9083", "orders_clean.insert")


def _dbt_sql_via_openlineage_sql() -> str:
    sql = (
        "create table analytics.main.customer_tiers as select customer_id, "
        "case when lifetime_value > 1000 then 'gold' else 'standard' end as tier from analytics.main.customers"
    )
    return _from_sql(sql, "postgres", "postgres://warehouse.internal:5432", "jaffle_shop.customer_tiers")


_GENERATORS: dict[str, Callable[[], str]] = {
    "client-spark-bare-word-uris": _spark_via_client,
    "client-airflow-task-fail": _airflow_via_client,
    "client-great-expectations": _great_expectations_via_client,
    "client-dataset-event": _dataset_event_via_client,
    "client-job-event": _job_event_via_client,
    "sql-spark-insert-select": _spark_sql_via_openlineage_sql,
    "sql-dbt-create-table-as": _dbt_sql_via_openlineage_sql,
}

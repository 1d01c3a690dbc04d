"""The namespace catalog: data integrity, build/parse round trips, URI derivation, name shapes."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from composer.core.namespaces import (
    NamespaceError,
    Platform,
    build_namespace,
    check_name,
    expected_name_shape,
    from_jdbc,
    parse_namespace,
    platform,
    platforms,
    split_name,
)

ALL = platforms()
FORMS = [pytest.param(p, f.id, id=f"{p.id}-{f.id}") for p in ALL for f in p.forms]
BY_PLATFORM = [pytest.param(p, id=p.id) for p in ALL]


def placeholders(p: Platform, form_id: str) -> dict[str, str]:
    return {key: p.field(key).placeholder for key in p.form(form_id).fields}


# --- the catalog as data ---------------------------------------------------------------------


def test_catalog_covers_alation_list_and_more() -> None:
    expected = {
        "postgresql",
        "snowflake",
        "mysql",
        "redshift",
        "bigquery",
        "sqlserver",
        "oracle",
        "s3",
        "databricks",
        "hive",
        "teradata",
        "trino",
        "db2",
        "athena",
        "glue",
        "gcs",
        "abfss",
        "kafka",
        "hdfs",
        "file",
    }
    ids = [p.id for p in ALL]
    assert expected <= set(ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("p", BY_PLATFORM)
def test_fields_are_consistent_with_templates(p: Platform) -> None:
    used = {key for form in p.forms for key in form.fields}
    optional = {key for form in p.forms for key in form.template.optional_fields}
    for spec in p.fields:
        assert spec.key in used, f"{p.id}.{spec.key} is used by no form"
        assert spec.pattern.fullmatch(spec.placeholder), f"{p.id}.{spec.key} placeholder"
        assert spec.default is None or spec.pattern.fullmatch(spec.default)
        assert spec.required == (spec.key not in optional), f"{p.id}.{spec.key} required flag"
        assert spec.label and spec.help


@pytest.mark.parametrize("p", BY_PLATFORM)
def test_platform_reads_well(p: Platform) -> None:
    assert p.label and p.notes and p.name_shape and p.name_example
    assert all(form.label and form.note for form in p.forms)
    flags = [form.alation_match for form in p.forms]
    assert flags == sorted(flags, reverse=True), "the form Alation matches comes first"
    assert p.form() is p.forms[0]


@pytest.mark.parametrize("platform_id", ["snowflake", "redshift", "bigquery"])
def test_divergent_platforms_offer_both_forms(platform_id: str) -> None:
    p = platform(platform_id)
    assert [f.id for f in p.forms] == ["alation", "openlineage"]
    assert p.alation_form is p.forms[0]
    assert not p.forms[1].alation_match
    assert any("Alation" in note and "OpenLineage" in note for note in p.notes)


# --- build and parse -------------------------------------------------------------------------


@pytest.mark.parametrize(("p", "form_id"), FORMS)
def test_every_form_round_trips(p: Platform, form_id: str) -> None:
    values = placeholders(p, form_id)
    namespace = build_namespace(p.id, values, form_id)
    found = parse_namespace(namespace)
    assert found is not None, namespace
    assert (found.platform.id, found.form.id, dict(found.values)) == (p.id, form_id, values)
    assert expected_name_shape(namespace) == p.name_shape


@pytest.mark.parametrize(("p", "form_id"), FORMS)
def test_defaults_fill_empty_fields(p: Platform, form_id: str) -> None:
    values = placeholders(p, form_id)
    defaulted = {key: "" if p.field(key).default else value for key, value in values.items()}
    namespace = build_namespace(p.id, defaulted, form_id)
    found = parse_namespace(namespace)
    assert found is not None
    for key in p.form(form_id).fields:
        default = p.field(key).default
        if default:
            assert found.values[key] == default


def kv(text: str) -> dict[str, str]:
    """'host=h port=1' as a dict, so the tables below stay one case per line."""
    return dict(pair.split("=", 1) for pair in text.split())


# fmt: off
BUILD_EXAMPLES = [  # platform, field values, form, the namespace
    ("postgresql", "host=prod-db.example.com port=5432", None, "postgres://prod-db.example.com:5432"),
    ("postgresql", "host=prod-db.example.com", None, "postgres://prod-db.example.com:5432"),
    ("postgresql", "host=::1", None, "postgres://[::1]:5432"),
    ("mysql", "host=db", None, "mysql://db:3306"),
    ("sqlserver", "host=sql01", None, "sqlserver://sql01:1433"),
    ("oracle", "host=ora", None, "oracle://ora:1521"),
    ("s3", "bucket=my-data-lake", None, "s3://my-data-lake"),
    ("kafka", "bootstrap_host=broker1", None, "kafka://broker1:9092"),
    ("file", "", "local", "file"),
    ("snowflake", "account=acct region=region", None, "snowflake://acct.region.snowflakecomputing.com"),
    ("snowflake", "account=myorg-myacct", "alation", "snowflake://myorg-myacct.snowflakecomputing.com"),
    ("snowflake", "organization=myorg account_name=myacct", "openlineage", "snowflake://myorg-myacct"),
    ("redshift", "cluster=c1 region=us-west-2", "openlineage", "redshift://c1.us-west-2:5439"),
    ("bigquery", "", None, "bigquery://www.googleapis.com:443"),
    ("bigquery", "", "openlineage", "bigquery"),
    ("athena", "region=eu-west-1", "openlineage", "awsathena://athena.eu-west-1.amazonaws.com"),
]
# fmt: on


@pytest.mark.parametrize(("platform_id", "values", "form", "expected"), BUILD_EXAMPLES)
def test_build_examples(platform_id: str, values: str, form: str | None, expected: str) -> None:
    assert build_namespace(platform_id, kv(values), form) == expected


def test_build_trims_values() -> None:
    assert build_namespace("postgresql", {"host": "  h  ", "port": " 5433 "}) == "postgres://h:5433"


# fmt: off
BUILD_ERRORS = [  # platform, field values, form, the field at fault, what the message says
    ("postgresql", "", None, "host", "PostgreSQL needs the host for this namespace, e.g. prod-db"),
    ("postgresql", "host=h port=abc", None, "port", "'abc' is not a valid port for PostgreSQL"),
    ("postgresql", "host=h port=0", None, "port", "from 1 to 65535"),
    ("postgresql", "host=h port=70000", None, "port", "from 1 to 65535"),
    ("postgresql", "host=https://h", None, "host", "'https://h' is not a valid host"),
    ("s3", "bucket=Bad_Bucket", None, "bucket", "S3 bucket name"),
    ("redshift", "host=h cluster=c", "openlineage", "region", "needs the AWS region"),
    ("snowflake", "organization=myorg", "openlineage", "account_name", "needs the account name"),
]
# fmt: on


@pytest.mark.parametrize(("platform_id", "values", "form", "field", "message"), BUILD_ERRORS)
def test_build_rejects_bad_values(
    platform_id: str, values: str, form: str | None, field: str, message: str
) -> None:
    with pytest.raises(NamespaceError, match=re.escape(message)) as caught:
        build_namespace(platform_id, kv(values), form)
    assert caught.value.field == field


def test_unknown_platform_and_form_are_named() -> None:
    with pytest.raises(NamespaceError, match="Unknown platform 'nosql'"):
        build_namespace("nosql", {})
    with pytest.raises(NamespaceError, match="has no namespace form 'openlineage'; it has: standard"):
        build_namespace("postgresql", {"host": "h"}, "openlineage")


# fmt: off
PARSE_KNOWN = [  # namespace, platform/form it is written in, the field values it holds
    ("postgres://prod-db.example.com:5432", "postgresql/standard", "host=prod-db.example.com port=5432"),
    ("postgres://your-cataloged-db:5432", "postgresql/standard", "host=your-cataloged-db port=5432"),
    ("snowflake://account.region.snowflakecomputing.com", "snowflake/alation",
     "account=account region=region"),
    ("snowflake://xy1.us-east-2.aws.snowflakecomputing.com", "snowflake/alation",
     "account=xy1 region=us-east-2.aws"),
    ("snowflake://myorg-myacct", "snowflake/openlineage", "organization=myorg account_name=myacct"),
    ("redshift://c1.us-west-2:5439", "redshift/openlineage", "cluster=c1 region=us-west-2 port=5439"),
    ("redshift://alias.example.com:5439", "redshift/alation", "host=alias.example.com port=5439"),
    ("postgres://[2001:db8::1]:5432", "postgresql/standard", "host=[2001:db8::1] port=5432"),
    ("bigquery", "bigquery/openlineage", ""),
    ("file", "file/local", ""),
]
# fmt: on


@pytest.mark.parametrize(("namespace", "platform_form", "values"), PARSE_KNOWN)
def test_parse_known_namespaces(namespace: str, platform_form: str, values: str) -> None:
    found = parse_namespace(namespace)
    assert found is not None
    assert (f"{found.platform.id}/{found.form.id}", dict(found.values)) == (platform_form, kv(values))


@pytest.mark.parametrize(
    "namespace",
    ["", "my-etl-system", "postgres://host", "postgres://host:5432/", "postgres://host:99999",
     " postgres://host:5432", "snowflake://xy12345", "s3://bucket/path", "mysql://h:port"],
)  # fmt: skip
def test_parse_rejects_unknown_shapes(namespace: str) -> None:
    assert parse_namespace(namespace) is None
    assert expected_name_shape(namespace) is None


# --- deriving from connection URIs -----------------------------------------------------------

# fmt: off
DERIVE = [  # URI, the namespaces derived (Alation's first), the database/catalog hint
    ("jdbc:postgresql://prod-db.example.com:5432/sales_db", "postgres://prod-db.example.com:5432",
     "sales_db"),
    ("postgresql://pg.example.com:5432/sales_db", "postgres://pg.example.com:5432", "sales_db"),
    ("JDBC:PostgreSQL://pg.example.com/sales_db?ssl=true", "postgres://pg.example.com:5432", "sales_db"),
    ("jdbc:postgresql://[::1]:5433/db", "postgres://[::1]:5433", "db"),
    ("jdbc:postgresql://[::1]/db", "postgres://[::1]:5432", "db"),
    ("jdbc:postgresql://h1:5432,h2:5432/db", "postgres://h1:5432", "db"),
    ("mysql://orders-db:3306/orders", "mysql://orders-db:3306", "orders"),
    ("jdbc:mysql://user:s3cret@orders-db/orders?useSSL=false", "mysql://orders-db:3306", "orders"),
    ("sqlserver://sql01:1433;databaseName=Finance", "sqlserver://sql01:1433", "Finance"),
    ("jdbc:sqlserver://sql01;databaseName=Finance;encrypt=true;", "sqlserver://sql01:1433", "Finance"),
    ("jdbc:sqlserver://sql01\\SALES:1500;DATABASENAME=Sales", "sqlserver://sql01:1500", "Sales"),
    ("jdbc:sqlserver://;serverName=sql2;portNumber=1444;databaseName=Z", "sqlserver://sql2:1444", "Z"),
    ("oracle:thin:@//ora-prod:1521/ORCLPDB1", "oracle://ora-prod:1521", "ORCLPDB1"),
    ("oracle:thin:@ora-prod:1521:ORCL", "oracle://ora-prod:1521", "ORCL"),
    ("jdbc:oracle:thin:@ora-prod:1522/SVC", "oracle://ora-prod:1522", "SVC"),
    ("jdbc:oracle:thin:@//ora-prod/SVC", "oracle://ora-prod:1521", "SVC"),
    ("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora1)(PORT=1525))"
     "(CONNECT_DATA=(SERVICE_NAME=sales.example.com)))", "oracle://ora1:1525", "sales.example.com"),
    ("jdbc:oracle:thin:@(description=(address=(port=1526)(host=ora2))(connect_data=(sid=X)))",
     "oracle://ora2:1526", "X"),
    ("snowflake://acct.us-east-1.snowflakecomputing.com:443/?warehouse=W&db=D",
     "snowflake://acct.us-east-1.snowflakecomputing.com", "D"),
    ("jdbc:snowflake://myorg-myacct.snowflakecomputing.com/?db=ANALYTICS&schema=PUBLIC",
     "snowflake://myorg-myacct.snowflakecomputing.com snowflake://myorg-myacct", "ANALYTICS"),
    ("redshift://c1.abc123.us-west-2.redshift.amazonaws.com:5439/dev",
     "redshift://c1.abc123.us-west-2.redshift.amazonaws.com:5439 redshift://c1.us-west-2:5439", "dev"),
    ("jdbc:redshift://rs-alias.example.com/dev", "redshift://rs-alias.example.com:5439", "dev"),
    ("jdbc:redshift:iam://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/dev",
     "redshift://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439 "
     "redshift://wg.eu-west-1:5439", "dev"),
    ("jdbc:bigquery://https://www.googleapis.com/bigquery/v2:443;ProjectId=p;OAuthType=0",
     "bigquery://www.googleapis.com:443 bigquery", "p"),
    ("bigquery://https://www.googleapis.com/bigquery/v2:443;ProjectId=alation-edw;",
     "bigquery://www.googleapis.com:443 bigquery", "alation-edw"),
    ("jdbc:bigquery://www.googleapis.com;ProjectId=p", "bigquery://www.googleapis.com:443 bigquery", "p"),
    ("jdbc:databricks://adb-1.7.azuredatabricks.net:443/default;transportMode=http;ssl=1;"
     "httpPath=/sql/1.0/warehouses/abc;ConnCatalog=main",
     "databricks://adb-1.7.azuredatabricks.net:443 databricks://adb-1.7.azuredatabricks.net", "main"),
    ("databricks://dbc-a1.cloud.databricks.com/default;httpPath=/sql/1.0/warehouses/x",
     "databricks://dbc-a1.cloud.databricks.com:443 databricks://dbc-a1.cloud.databricks.com", None),
    ("hive2://hive.example.com:10000/db", "hive://hive.example.com:10000", "db"),
    ("jdbc:hive2://hive.example.com/default;transportMode=http", "hive://hive.example.com:10000", "default"),
    ("teradata://td.example.com/DBS_PORT=1026,DATABASE=sales", "teradata://td.example.com:1026", "sales"),
    ("jdbc:teradata://td.example.com", "teradata://td.example.com:1025", None),
    ("trino://trino.example.com:8080/catalog", "trino://trino.example.com:8080", "catalog"),
    ("jdbc:trino://trino.example.com:443/hive/sales?SSL=true", "trino://trino.example.com:443", "hive"),
    ("db2://db2.example.com:50000/SAMPLE", "db2://db2.example.com:50000", "SAMPLE"),
    ("jdbc:db2://db2.example.com:50000/SAMPLE:currentSchema=HR;", "db2://db2.example.com:50000", "SAMPLE"),
    ("awsathena://athena.us-east-1.amazonaws.com:443",
     "awsathena://athena.us-east-1.amazonaws.com:443 awsathena://athena.us-east-1.amazonaws.com", None),
    ("jdbc:awsathena://AwsRegion=eu-west-1;S3OutputLocation=s3://results/;Catalog=AwsDataCatalog",
     "awsathena://athena.eu-west-1.amazonaws.com:443 awsathena://athena.eu-west-1.amazonaws.com",
     "AwsDataCatalog"),
    ("s3a://my-data-lake/raw/x.parquet", "s3://my-data-lake", None),
    ("kafka://broker1:9093", "kafka://broker1:9093", None),
    ("file://fileserver/data/x.csv", "file://fileserver file", None),
]
# fmt: on


@pytest.mark.parametrize(("uri", "namespaces", "database"), DERIVE)
def test_from_jdbc(uri: str, namespaces: str, database: str | None) -> None:
    derived = from_jdbc(uri)
    expected = namespaces.split()
    assert [d.namespace for d in derived.namespaces] == expected
    assert derived.namespace == expected[0]
    assert derived.database_hint == database
    for each in derived.namespaces:  # every derived namespace reads back as its platform
        found = parse_namespace(each.namespace)
        assert found is not None and found.platform.id == derived.platform.id


@pytest.mark.parametrize("p", BY_PLATFORM)
def test_each_platform_example_uri_derives_to_it(p: Platform) -> None:
    derived = from_jdbc(p.uri.example)
    assert derived.platform.id == p.id
    if p.alation_form is not None and derived.namespaces[0].form.alation_match:
        assert derived.namespaces[0].form is p.alation_form


@pytest.mark.parametrize(
    ("uri", "name"),
    [
        ("s3://my-data-lake/raw/2024/sales.parquet", "raw/2024/sales.parquet"),
        ("gs://my-gcs-bucket/exports/orders.csv", "exports/orders.csv"),
        ("hdfs://nn:8020/user/hive/warehouse/t", "/user/hive/warehouse/t"),
        ("file:///data/exports/sales%20q1.csv", "/data/exports/sales q1.csv"),
        ("abfss://raw@mydatalake.dfs.core.windows.net/sales/orders.parquet", "sales/orders.parquet"),
        ("arn:aws:glue:us-east-1:123456789012:table/sales/orders", "table/sales/orders"),
        ("jdbc:postgresql://h:5432/db", None),
    ],
)
def test_from_jdbc_name_hint(uri: str, name: str | None) -> None:
    derived = from_jdbc(uri)
    assert derived.name_hint == name
    if name is not None:
        assert check_name(derived.platform.id, name) is None


def test_from_jdbc_values_and_notes() -> None:
    derived = from_jdbc("jdbc:mysql://admin:hunter2@orders-db/orders")
    assert dict(derived.values) == {"host": "orders-db"}
    assert any("3306" in note for note in derived.notes)
    assert any("password" in note for note in derived.notes)
    assert not any("hunter2" in note or "admin" in note for note in derived.notes)
    assert any("orders.<table>" in note for note in derived.notes)

    abfss = from_jdbc("abfss://raw@mydatalake.dfs.core.windows.net/x")
    assert dict(abfss.values) == {"container": "raw", "storage_account": "mydatalake"}

    rs = from_jdbc("jdbc:redshift://rs-alias.example.com:5439/dev")
    assert any("cluster identifier and AWS region" in note for note in rs.notes)
    assert any("SALES" in note for note in from_jdbc("jdbc:sqlserver://h\\SALES;databaseName=x").notes)
    assert any("several hosts" in note for note in from_jdbc("jdbc:postgresql://a:1,b:2/x").notes)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("", "Paste the data source's JDBC or connection URI"),
        ("   ", "Paste the data source's JDBC or connection URI"),
        ("garbage", "Can't read URIs that start with 'garbage'"),
        (
            "mongodb://h:27017/db",
            "Can't read URIs that start with 'mongodb://'. Expected one that starts with: ",
        ),
        ("jdbc:postgresql://:5432/db", "The URI has no host; expected something like jdbc:postgresql://"),
        ("jdbc:postgresql:///db", "The URI has no host"),
        ("jdbc:postgresql://h:abc/db", "The port 'abc' in the URI is not a number from 1 to 65535"),
        ("jdbc:postgresql://h:65536/db", "is not a number from 1 to 65535"),
        ("jdbc:postgresql://[::1/db", "no closing ']'"),
        ("jdbc:postgresql://[::1]x/db", "Expected ':port' after [::1]"),
        ("jdbc:postgresql://bad host/db", "'bad host' is not a valid host for PostgreSQL"),
        ("jdbc:oracle:thin:@tnsalias", "A TNS alias can't be resolved here"),
        ("snowflake://example.com", "ending in .snowflakecomputing.com"),
        ("bigquery://my-project", "names the API host"),
        ("jdbc:awsathena://S3OutputLocation=s3://x/", "doesn't give the AWS region"),
        ("jdbc:teradata://td/DBS_PORT=xx", "The port 'xx'"),
        ("s3://", "The URI has no host"),
        ("arn:aws:glue:us-east-1:12345:table/a/b", "'12345' is not a valid AWS account ID"),
    ],
)
def test_from_jdbc_errors_say_what_was_expected(uri: str, message: str) -> None:
    with pytest.raises(NamespaceError, match=re.escape(message)):
        from_jdbc(uri)


# --- dataset names ---------------------------------------------------------------------------


@pytest.mark.parametrize("p", BY_PLATFORM)
def test_example_names_fit(p: Platform) -> None:
    assert check_name(p.id, p.name_example) is None


@pytest.mark.parametrize("p", BY_PLATFORM)
def test_wrong_names_are_explained(p: Platform) -> None:
    rule = p.name_rule
    if rule.kind == "parts":
        shorter = ".".join(p.name_example.split(".")[1:])
        message = check_name(p.id, shorter)
        assert message is not None and rule.shape in message and repr(shorter) in message
        assert check_name(p.id, p.name_example + ".extra") is not None
    elif rule.kind == "path":
        flipped = p.name_example.lstrip("/") if rule.leading_slash == "required" else "/" + p.name_example
        assert (check_name(p.id, flipped) is None) == (rule.leading_slash == "any")
    else:
        assert check_name(p.id, "no/such shape here") is not None
    assert check_name(p.id, "") is not None
    assert check_name(p.id, f"scheme://somewhere/{p.name_example}") is not None


def test_name_messages_match_house_wording() -> None:
    assert check_name("postgresql", "public.transactions") == (
        "PostgreSQL dataset names have three parts, database.schema.table; 'public.transactions' has two."
    )
    assert (
        check_name("mysql", "orders")
        == "MySQL dataset names have two parts, database.table; 'orders' has one."
    )
    assert "empty part" in (check_name("postgresql", "db..t") or "")
    assert "never closed" in (check_name("postgresql", 'db."my.schema.t') or "")
    assert "leading '/'" in (check_name("s3", "/raw/x.csv") or "")
    assert "absolute paths" in (check_name("hdfs", "user/x") or "")
    assert "spaces" in (check_name("postgresql", " a.b.c") or "")
    assert "topic" in (check_name("kafka", "bad topic!") or "")


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("a.b.c", ["a", "b", "c"]),
        ('db."my.schema".t', ["db", '"my.schema"', "t"]),
        ("db.[dbo.x].t", ["db", "[dbo.x]", "t"]),
        ("`main`.`a.b`.t", ["`main`", "`a.b`", "t"]),
        ('a."b', None),
    ],
)
def test_split_name_respects_quotes(name: str, parts: list[str] | None) -> None:
    assert split_name(name) == parts
    if parts is not None and len(parts) == 3:
        assert check_name("postgresql", name) is None


def test_expected_name_shape_for_alation_page_namespaces() -> None:
    assert expected_name_shape("postgres://prod-db.example.com:5432") == "database.schema.table"
    assert expected_name_shape("snowflake://account.region.snowflakecomputing.com") == "database.schema.table"
    assert expected_name_shape("bigquery") == "project.dataset.table"
    assert expected_name_shape("s3://my-data-lake") == "path/to/object"
    assert expected_name_shape("kafka://broker1:9092") == "topic"


# --- robustness ------------------------------------------------------------------------------

PREFIXES = sorted({prefix for p in ALL for prefix in p.uri.prefixes})
TEMPLATE_HEADS = sorted({f.template.text.split("{", 1)[0] for p in ALL for f in p.forms})
URI_ALPHABET = st.sampled_from(list("abcAZ09.-_:/@[]();=,?&%\\ \t")) | st.characters()


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=80)
    | st.builds(str.__add__, st.sampled_from(TEMPLATE_HEADS), st.text(URI_ALPHABET, max_size=40))
)
def test_random_text_never_crashes(text: str) -> None:
    found = parse_namespace(text)
    if found is not None:  # whatever parses, rebuilds to exactly the same text
        assert build_namespace(found.platform.id, found.values, found.form.id) == text
    try:
        derived = from_jdbc(text)
    except NamespaceError:
        return
    assert derived.namespaces


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(PREFIXES), st.text(URI_ALPHABET, max_size=60))
def test_random_uri_tails_never_crash(prefix: str, tail: str) -> None:
    try:
        derived = from_jdbc(prefix + tail)
    except NamespaceError as error:
        assert str(error)
        return
    for each in derived.namespaces:
        found = parse_namespace(each.namespace)
        assert found is not None and found.platform.id == derived.platform.id


@settings(max_examples=40, deadline=None)
@given(st.data())
@pytest.mark.parametrize(("p", "form_id"), FORMS)
def test_any_valid_values_round_trip(p: Platform, form_id: str, data: st.DataObject) -> None:
    form = p.form(form_id)
    values = {
        key: data.draw(st.from_regex(p.field(key).kind.regex, fullmatch=True), label=key)
        for key in form.fields
    }
    try:
        namespace = build_namespace(p.id, values, form_id)
    except NamespaceError:
        assume(False)  # e.g. port 0
    found = parse_namespace(namespace)
    assert found is not None and found.platform.id == p.id
    # A Redshift endpoint host may also read as cluster.region; then the richer reading wins,
    # but it must still describe the very same namespace.
    assert build_namespace(p.id, found.values, found.form.id) == namespace
    if found.form.id == form_id:
        assert {k: v for k, v in found.values.items() if v} == {k: v for k, v in values.items() if v}

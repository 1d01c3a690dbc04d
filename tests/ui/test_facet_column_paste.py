"""Column lists as stewards copy them: spreadsheets (CSV/TSV, with or without a header) and DDL."""

from __future__ import annotations

import pytest

from composer.ui.facets.column_paste import (
    PastedColumn,
    parse_columns,
    parse_ddl,
    parse_delimited,
    to_schema_fields,
)


def names_and_types(columns: list[PastedColumn]) -> list[tuple[str, str]]:
    return [(column.name, column.type) for column in columns]


def test_csv_without_header_is_name_type_description() -> None:
    columns = parse_columns("id,INTEGER,The key\nname,VARCHAR(20)\n\nemail,STRING,\n")
    assert columns == [
        PastedColumn("id", "INTEGER", "The key"),
        PastedColumn("name", "VARCHAR(20)"),
        PastedColumn("email", "STRING"),
    ]


def test_tsv_with_a_header_in_another_order() -> None:
    text = "Data Type\tColumn Name\tComment\nBIGINT\tuser_id\tWho\nTIMESTAMP\tcreated_at\tWhen\n"
    assert parse_columns(text) == [
        PastedColumn("user_id", "BIGINT", "Who"),
        PastedColumn("created_at", "TIMESTAMP", "When"),
    ]


def test_header_with_name_first_is_skipped() -> None:
    assert names_and_types(parse_columns("name,type\nsale_date,DATE\n")) == [("sale_date", "DATE")]


def test_quoted_csv_cells_keep_their_commas() -> None:
    columns = parse_delimited('amount,"DECIMAL(10,2)","Total, in EUR"\n')
    assert columns == [PastedColumn("amount", "DECIMAL(10,2)", "Total, in EUR")]


@pytest.mark.parametrize("separator", [";", "|"])
def test_semicolon_and_pipe_separators(separator: str) -> None:
    text = f"a{separator}INT\nb{separator}TEXT\n"
    assert names_and_types(parse_columns(text)) == [("a", "INT"), ("b", "TEXT")]


def test_lines_without_separators_split_on_spaces() -> None:
    text = "id integer\nname character varying the customer's name\nflag\n"
    assert parse_columns(text) == [
        PastedColumn("id", "integer"),
        PastedColumn("name", "character", "varying the customer's name"),
        PastedColumn("flag"),
    ]


def test_ddl_with_types_constraints_and_comments() -> None:
    ddl = """
    CREATE TABLE IF NOT EXISTS analytics.public."Daily Sales" (
        id INT NOT NULL PRIMARY KEY,
        name VARCHAR(20) NOT NULL,
        amount NUMERIC(10, 2) DEFAULT 0 COMMENT 'Total, in EUR',
        "Created At" TIMESTAMP WITH TIME ZONE,
        tags ARRAY<STRING>,
        point STRUCT<x: INT, y: INT>, -- a comment, with a comma
        /* a block comment */ note TEXT COLLATE "C",
        CONSTRAINT pk PRIMARY KEY (id),
        FOREIGN KEY (name) REFERENCES other(name)
    ) PARTITION BY RANGE (id);
    """
    columns = parse_ddl(ddl)
    assert names_and_types(columns) == [
        ("id", "INT"),
        ("name", "VARCHAR(20)"),
        ("amount", "NUMERIC(10, 2)"),
        ("Created At", "TIMESTAMP WITH TIME ZONE"),
        ("tags", "ARRAY<STRING>"),
        ("point", "STRUCT<x: INT, y: INT>"),
        ("note", "TEXT"),
    ]
    assert columns[2].description == "Total, in EUR"


def test_ddl_variants_from_other_engines() -> None:
    mysql = "create table `shop`.`orders` (`order_id` bigint unsigned auto_increment, `total` decimal(8,2))"
    assert names_and_types(parse_columns(mysql)) == [
        ("order_id", "bigint unsigned"),
        ("total", "decimal(8,2)"),
    ]
    tsql = "CREATE TABLE [dbo].[Users] ([Id] INT IDENTITY(1,1) NOT NULL, [Name] NVARCHAR(MAX) NULL)"
    assert names_and_types(parse_columns(tsql)) == [("Id", "INT"), ("Name", "NVARCHAR(MAX)")]
    snowflake = "CREATE OR REPLACE TRANSIENT TABLE t (c1 VARCHAR COMMENT = 'it''s here')"
    assert parse_columns(snowflake) == [PastedColumn("c1", "VARCHAR", "it's here")]
    bigquery = 'CREATE TABLE d.t (x INT64 OPTIONS(description="the x"))'
    assert parse_columns(bigquery) == [PastedColumn("x", "INT64", "the x")]


def test_truncated_or_broken_ddl_gives_what_it_can() -> None:
    assert names_and_types(parse_ddl("CREATE TABLE t (a INT, b TEXT")) == [("a", "INT"), ("b", "TEXT")]
    assert parse_ddl("CREATE TABLE t;") == []
    assert parse_ddl("SELECT 1") == []


def test_nothing_to_parse() -> None:
    assert parse_columns("") == []
    assert parse_columns("\n  \n") == []


def test_schema_fields_leave_out_empty_parts() -> None:
    fields = to_schema_fields([PastedColumn("a"), PastedColumn("b", "INT"), PastedColumn("c", "", "why")])
    assert fields == [{"name": "a"}, {"name": "b", "type": "INT"}, {"name": "c", "description": "why"}]


def test_a_column_called_name_is_not_taken_for_a_header() -> None:
    assert names_and_types(parse_columns("name,VARCHAR\nid,INT\n")) == [("name", "VARCHAR"), ("id", "INT")]

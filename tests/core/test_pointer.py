import pytest

from composer.core.pointer import (
    PointerError,
    exists,
    format_pointer,
    insert_value,
    parse_pointer,
    remove_value,
    resolve,
    set_value,
)


def test_escaping_round_trips() -> None:
    parts = ["a/b", "c~d", "", "0"]
    assert format_pointer(parts) == "/a~1b/c~0d//0"
    assert parse_pointer(format_pointer(parts)) == parts
    assert parse_pointer("") == []


def test_resolve_set_insert_remove() -> None:
    doc = {"inputs": [{"name": "a"}, {"name": "c"}], "spark.logicalPlan": {}}
    assert resolve(doc, "/inputs/1/name") == "c"
    assert resolve(doc, ["inputs", 0, "name"]) == "a"
    insert_value(doc, "/inputs/1", {"name": "b"})
    insert_value(doc, "/inputs/-", {"name": "d"})
    assert [d["name"] for d in doc["inputs"]] == ["a", "b", "c", "d"]
    set_value(doc, "/inputs/0/name", "A")
    assert remove_value(doc, "/inputs/3") == {"name": "d"}
    assert exists(doc, "/spark.logicalPlan")
    assert not exists(doc, "/inputs/7")


@pytest.mark.parametrize(
    "bad", ["/inputs/9", "/inputs/01", "/inputs/x", "/missing/a", "no-slash", "/inputs/0/name/x"]
)
def test_bad_pointers_raise_pointer_error(bad: str) -> None:
    doc = {"inputs": [{"name": "a"}]}
    with pytest.raises(PointerError):
        resolve(doc, bad)

"""Dataset namespaces: the platform catalog, building, parsing, URI derivation and name checks.

Alation links an event's datasets to cataloged data sources by the host:port in the namespace,
compared with each data source's JDBC URI (or its Additional Datasource Connections). OpenLineage's
own naming convention sometimes writes a different namespace for the same system; the catalog in
`resources/namespaces.json` records both forms and says which one Alation matches. The GUI's
namespace picker, the lint rules and the templates all go through this package.
"""

from __future__ import annotations

from .catalog import (
    NameRule,
    NamespaceError,
    NamespaceForm,
    Platform,
    PlatformField,
    UriRule,
    ValueKind,
    platform,
    platforms,
)
from .forms import NamespaceMatch, build_namespace, parse_namespace
from .names import check_name, expected_name_shape, split_name
from .uris import Derivation, DerivedNamespace, from_jdbc

__all__ = [
    "Derivation",
    "DerivedNamespace",
    "NameRule",
    "NamespaceError",
    "NamespaceForm",
    "NamespaceMatch",
    "Platform",
    "PlatformField",
    "UriRule",
    "ValueKind",
    "build_namespace",
    "check_name",
    "expected_name_shape",
    "from_jdbc",
    "parse_namespace",
    "platform",
    "platforms",
    "split_name",
]

"""The resource classes of ``Client`` and ``AsyncClient``, one module per resource, imported on
first use."""

from __future__ import annotations

import importlib
from typing import Any, Dict, Optional, Tuple


class _Resource:
    """Base of the resource classes: holds the client's native call handle (`_call`, `_paginate`)."""

    __slots__ = ("_c", "__weakref__")

    def __init__(self, calls: Any) -> None:
        self._c = calls

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._c!r}>"


#: Accessor name → (module, sync class, async class).
_TABLE: Dict[str, Tuple[str, str, str]] = {
{TABLE}}

#: The resource accessors of the clients, sorted.
RESOURCES = sorted(_TABLE)


def resource(calls: Any, name: str, is_async: bool) -> Optional[Any]:
    """The resource object ``name`` over a client's native call handle, or ``None`` when there is
    no such resource."""
    entry = _TABLE.get(name)
    if entry is None:
        return None
    module = importlib.import_module(f"okta_admin._resources.{entry[0]}")
    return getattr(module, entry[2] if is_async else entry[1])(calls)

"""The base of every model class in ``okta_admin.models``.

A model object is a thin view over the JSON dict the server sent (or the one you build): its
attributes are snake_case names mapped to wire names, nested models are wrapped on access, and
anything the spec does not declare stays in the dict, reachable as ``obj["wireName"]`` and kept
by ``to_dict()``. Nothing is validated on read: unknown fields and enum values are kept as sent.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar, Dict, Mapping, Optional

__all__ = ["Model"]

_REGISTRY: Dict[str, "type[Model]"] = {}


def _class(name: str) -> Optional["type[Model]"]:
    """The model class named ``name``; ``okta_admin.models`` builds its classes on first use."""
    cls = _REGISTRY.get(name)
    if cls is None and name:
        from . import models

        found = getattr(models, name, None)
        cls = found if isinstance(found, type) and issubclass(found, Model) else None
    return cls


class _Field:
    """A declared field: reads wrap nested models, writes store plain JSON."""

    __slots__ = ("attr", "wire", "model", "depth")

    def __init__(self, wire: str, model: str = "", depth: int = 0) -> None:
        self.attr = wire
        self.wire = wire
        self.model = model
        self.depth = depth

    def __set_name__(self, owner: type, name: str) -> None:
        self.attr = name

    def __get__(self, obj: Optional["Model"], owner: Optional[type] = None) -> Any:
        if obj is None:
            return self
        value = obj._data.get(self.wire)
        if value is None or not self.model:
            return value
        return _wrap_value(self.model, self.depth, value)

    def __set__(self, obj: "Model", value: Any) -> None:
        obj._data[self.wire] = _unwrap(value)

    def __delete__(self, obj: "Model") -> None:
        obj._data.pop(self.wire, None)

    def __repr__(self) -> str:
        return f"<field {self.attr!r} (wire name {self.wire!r})>"


def _wrap_value(model: str, depth: int, value: Any) -> Any:
    if depth > 0:
        if isinstance(value, list):
            return [None if v is None else _wrap_value(model, depth - 1, v) for v in value]
        return value
    if isinstance(value, dict):
        cls = _class(model)
        if cls is not None:
            return cls._from_data(value)
    return value


def _wrap(spec: str, data: Any) -> Any:
    """Wraps decoded JSON: ``"User"`` → a ``User``, ``"[User"`` → a list of ``User``."""
    depth = len(spec) - len(spec.lstrip("["))
    return _wrap_value(spec[depth:], depth, data)


def _unwrap(value: Any) -> Any:
    """Plain JSON for a value that may hold model objects."""
    if isinstance(value, Model):
        return value._data
    if isinstance(value, (list, tuple)):
        return [_unwrap(v) for v in value]
    if isinstance(value, dict):
        return {k: _unwrap(v) for k, v in value.items()}
    return value


def _define(module: str, name: str, base: "type[Model]", doc: str, tag: str, kinds: Optional[Dict[str, str]], fields: Any) -> "type[Model]":
    """Builds a generated model class from its row in ``okta_admin.models`` (see ``_MODELS`` there):
    ``fields`` holds ``(attribute, wire name, model, list depth)`` per field it declares."""
    namespace: Dict[str, Any] = {"__doc__": doc, "__module__": module, "__qualname__": name, "__slots__": ()}
    if tag:
        namespace["_tag"] = tag
        namespace["_kinds"] = kinds
    for attr, wire, model, depth in fields:
        namespace[attr] = _Field(wire, model, depth)
    return type(name, (base,), namespace)


class Model:
    """A JSON object with typed attribute access.

    ``Model(data=None, /, **fields)``: ``data`` is a dict of wire names (e.g. one returned by
    ``to_dict()``), ``fields`` are snake_case attributes (``None`` values are left out).
    """

    __slots__ = ("_data",)

    #: Declared fields by attribute name (filled per class).
    _fields: ClassVar[Dict[str, _Field]] = {}
    #: The model's name in the spec.
    _type_name: ClassVar[str] = "Model"
    #: For a union: the wire name of the field that names the kind, and each kind's class name.
    _tag: ClassVar[str] = ""
    _kinds: ClassVar[Dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: Dict[str, _Field] = {}
        for base in reversed(cls.__bases__):
            fields.update(getattr(base, "_fields", {}))
        fields.update({k: v for k, v in vars(cls).items() if isinstance(v, _Field)})
        cls._fields = fields
        name = vars(cls).get("_type_name", cls.__name__)
        cls._type_name = name
        _REGISTRY.setdefault(name, cls)

    def __init__(self, data: Optional[Mapping[str, Any]] = None, /, **fields: Any) -> None:
        if data is not None and not isinstance(data, Mapping):
            raise TypeError(f"{type(self).__name__}() data must be a dict of wire names, not {type(data).__name__}")
        self._data: Dict[str, Any] = _unwrap(dict(data)) if data is not None else {}
        for name, value in fields.items():
            field = self._fields.get(name)
            if field is None:
                raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {name!r}")
            if value is not None:
                self._data[field.wire] = _unwrap(value)

    @classmethod
    def _from_data(cls, data: Dict[str, Any]) -> Any:
        if cls._kinds:
            kind = data.get(cls._tag)
            sub = _class(cls._kinds.get(kind, "")) if isinstance(kind, str) else None
            if sub is not None and issubclass(sub, cls):
                cls = sub
        obj = cls.__new__(cls)
        obj._data = data
        return obj

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        """A model object over a deep copy of ``data`` (wire names)."""
        return cls._from_data(copy.deepcopy(dict(data)))

    def to_dict(self) -> Dict[str, Any]:
        """The object as JSON with wire names (a deep copy), unknown fields included."""
        return copy.deepcopy(self._data)

    def __getitem__(self, wire_name: str) -> Any:
        return self._data[wire_name]

    def __setitem__(self, wire_name: str, value: Any) -> None:
        self._data[wire_name] = _unwrap(value)

    def __delitem__(self, wire_name: str) -> None:
        del self._data[wire_name]

    def __contains__(self, wire_name: object) -> bool:
        return wire_name in self._data

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Model):
            return type(self)._type_name == type(other)._type_name and self._data == other._data
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        by_wire = {f.wire: f for f in self._fields.values()}
        parts = []
        extra = {}
        for wire, value in self._data.items():
            field = by_wire.get(wire)
            if field is None:
                extra[wire] = value
            else:
                parts.append(f"{field.attr}={field.__get__(self)!r}")
        if extra:
            parts.append(f"extra={extra!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __copy__(self) -> Any:
        return type(self)._from_data(dict(self._data))

    def __deepcopy__(self, memo: Dict[int, Any]) -> Any:
        return type(self)._from_data(copy.deepcopy(self._data, memo))

    def __getstate__(self) -> Dict[str, Any]:
        return self._data

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self._data = state

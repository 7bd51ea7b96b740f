"""The Python API is exactly the IR's operation set, with the IR's names and parameters."""

from __future__ import annotations

import ast
import importlib
import inspect
import keyword
import typing
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import pytest

import okta_admin
from okta_admin import _native


#: What a client has besides its resources.
CLIENT_ATTRIBUTES = {
    "org_url",
    "closed",
    "user_agent",
    "config",
    "with_options",
    "last_response",
    "request",
    "to_async",
    "close",
}


def public_methods(cls: type) -> Set[str]:
    return {name for name in vars(cls) if not name.startswith("_")}


def expected_signature(op: Dict[str, Any]) -> List[Tuple[str, str]]:
    """(name, kind) in the binding's documented order: required path/query/header params and a
    body without flattened fields (JSON, bytes, text, a file) positional-or-keyword; optional
    query/header params, body fields, ``body=`` beside them and ``content_type=`` keyword-only."""
    params = op["params"]
    kind = op["body_kind"]
    flattened = kind == "model" and any(p["in"] == "body" for p in params)
    positional = [p for p in params if p["in"] == "path"]
    positional += [p for p in params if p["in"] in ("query", "header") and p["required"]]
    out = [(p["names"]["python"], "POSITIONAL_OR_KEYWORD") for p in positional]
    if kind in ("json", "binary", "text") or (kind == "model" and not flattened):
        out.append(("body", "POSITIONAL_OR_KEYWORD"))
    if kind == "file":
        out.append(("file", "POSITIONAL_OR_KEYWORD"))
    optional = [p for p in params if p["in"] in ("query", "header") and not p["required"]]
    optional += [p for p in params if p["in"] == "body"]
    out += [(p["names"]["python"], "KEYWORD_ONLY") for p in optional]
    if flattened:
        out.append(("body", "KEYWORD_ONLY"))
    if kind == "binary":
        out.append(("content_type", "KEYWORD_ONLY"))
    if op["paginated"]:
        out.append(("max_pages", "KEYWORD_ONLY"))
    return out


#: Helpers built on an operation, besides its own method.
HELPERS = {"system_log": {"tail"}}


def method_name(op: Dict[str, Any]) -> str:
    """The Python method name, from the IR's call path (``users.get`` → ``get``)."""
    resource, name = op["calls"]["python"].split(".")
    assert resource == op["resource"]
    return name


def test_resources_match_the_ir(ir: Dict[str, Any], client: Any) -> None:
    names = {r["name"] for r in ir["resources"]}
    assert names == {n for n in dir(client) if not n.startswith("_")} - CLIENT_ATTRIBUTES
    for resource in ir["resources"]:
        assert type(getattr(client, resource["name"])).__name__ == resource["type_name"]


def resource_classes(resource: Dict[str, Any]) -> Any:
    """The sync and async classes of a resource: plain Python in ``okta_admin._resources``."""
    module = importlib.import_module(f"okta_admin._resources.{resource['name']}")
    return getattr(module, resource["type_name"]), getattr(module, "Async" + resource["type_name"])


def test_methods_match_the_ir_operations(ir: Dict[str, Any]) -> None:
    total = 0
    for resource in ir["resources"]:
        ops = {method_name(ir["operations"][i]) for i in resource["operations"]}
        sync_cls, async_cls = resource_classes(resource)
        helpers = HELPERS.get(resource["name"], set())
        assert public_methods(sync_cls) == ops | helpers, resource["name"]
        assert public_methods(async_cls) == ops | helpers, resource["name"]
        total += len(ops)
    assert total == len(ir["operations"]) == 705


def test_signatures_follow_the_ir(ir: Dict[str, Any]) -> None:
    for resource in ir["resources"]:
        for cls in resource_classes(resource):
            for i in resource["operations"]:
                op = ir["operations"][i]
                signature = inspect.signature(getattr(cls, method_name(op)))
                params = [(p.name, p.kind.name) for p in signature.parameters.values() if p.name != "self"]
                assert params == expected_signature(op), op["id"]
                for p in signature.parameters.values():
                    if p.kind is inspect.Parameter.KEYWORD_ONLY:
                        assert p.default is None, (op["id"], p.name)


def test_python_keywords_are_escaped(ir: Dict[str, Any], client: Any) -> None:
    escaped = [
        (op, p)
        for op in ir["operations"]
        for p in op["params"]
        if keyword.iskeyword(p["ident"])
    ]
    assert escaped, "the spec has a parameter named like a Python keyword (`from`)"
    for op, p in escaped:
        method = getattr(getattr(client, op["resource"]), method_name(op))
        assert p["names"]["python"] == p["ident"] + "_"
        assert p["names"]["python"] in inspect.signature(method).parameters


def test_docstrings_name_the_endpoint(ir: Dict[str, Any]) -> None:
    for op in ir["operations"][::7]:
        resource = next(r for r in ir["resources"] if r["name"] == op["resource"])
        doc = getattr(resource_classes(resource)[0], method_name(op)).__doc__
        assert f"`{op['method']} {op['path']}`" in doc
        assert f"operationId `{op['id']}`" in doc


def test_every_operation_is_python_source_with_its_table_index(ir: Dict[str, Any]) -> None:
    """The methods are real Python: their source is one call into the native entry with the
    operation's index in the runtime's table (the one Rust and Node use)."""
    for index, op in enumerate(ir["operations"]):
        resource = next(r for r in ir["resources"] if r["name"] == op["resource"])
        for cls in resource_classes(resource):
            source = inspect.getsource(getattr(cls, method_name(op)))
            native = "_paginate" if op["paginated"] else "_call"
            assert f"self._c.{native}({index}, " in source, (op["id"], cls.__name__)
    stub = Path(okta_admin.__file__).with_name("_native.pyi")
    tree = ast.parse(stub.read_text())
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    client_props = {n.name for n in classes["Client"].body if isinstance(n, ast.FunctionDef)}
    assert {r["name"] for r in ir["resources"]} <= client_props


def test_models_match_the_ir(ir: Dict[str, Any]) -> None:
    for model in ir["models"]:
        cls = getattr(okta_admin.models, model["name"])
        assert {f.wire for f in cls._fields.values()} == {f["name"] for f in model["fields"]}
    assert len(okta_admin.models.__all__) == len(ir["models"]) + len(ir["enums"])
    for enum in ir["enums"]:
        assert typing.get_args(getattr(okta_admin.models, enum["name"])) == tuple(enum["values"])
        assert enum["name"] in dir(okta_admin.models)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchEnum'"):
        okta_admin.models.NoSuchEnum


def test_py_typed_is_shipped() -> None:
    assert Path(okta_admin.__file__).with_name("py.typed").exists()


# ---- issue 9: the IR's `calls.python` and `names.python` are what the binding accepts ----


def resolve(client: Any, call: str) -> Any:
    """Walks `users.list` from a client instance."""
    target = client
    for part in call.split("."):
        target = getattr(target, part)
    return target


def call_arguments(op: Dict[str, Any]) -> Dict[str, Any]:
    """Every IR parameter by its Python name, plus the body or file the method takes besides."""
    kwargs: Dict[str, Any] = {p["names"]["python"]: "x" for p in op["params"]}
    kind = op["body_kind"]
    flattened = kind == "model" and any(p["in"] == "body" for p in op["params"])
    if kind in ("json", "model") and not flattened:
        kwargs["body"] = {}
    elif kind == "binary":
        kwargs["body"] = b"x"
    elif kind == "text":
        kwargs["body"] = "x"
    elif kind == "file":
        kwargs["file"] = ("f.txt", b"x")
    return kwargs


def test_every_ir_call_resolves_on_both_client_instances(ir: Dict[str, Any], stub: Any) -> None:
    import okta_admin

    clients = [okta_admin.Client(org_url=stub.url, token="t"), okta_admin.AsyncClient(org_url=stub.url, token="t")]
    for op in ir["operations"]:
        for client in clients:
            method = resolve(client, op["calls"]["python"])
            assert callable(method), (op["id"], type(client).__name__)
            parameters = inspect.signature(method).parameters
            for p in op["params"]:
                assert p["names"]["python"] in parameters, (op["id"], p["names"]["python"])
            inspect.signature(method).bind(**call_arguments(op))


def test_every_ir_call_accepts_its_python_names_at_run_time(ir: Dict[str, Any], stub: Any) -> None:
    """The binder (not only the signature) takes every `names.python`: calling each of the 705
    operations with all of them raises no TypeError (the stub answers 404)."""
    import okta_admin

    client = okta_admin.Client(org_url=stub.url, token="t", max_retries=0)
    sent = 0
    for op in ir["operations"]:
        method = resolve(client, op["calls"]["python"])
        try:
            result = method(**call_arguments(op))
        except okta_admin.OktaError:
            sent += 1
            continue
        if isinstance(result, okta_admin.Pager):
            continue  # bound without sending; pagers fetch lazily
    assert sent >= len(ir["operations"]) - sum(op["paginated"] for op in ir["operations"]) - 5


async def test_every_ir_call_accepts_its_python_names_async(ir: Dict[str, Any], stub: Any) -> None:
    import asyncio

    import okta_admin

    client = okta_admin.AsyncClient(org_url=stub.url, token="t", max_retries=0)
    awaitables = []
    for op in ir["operations"]:
        result = resolve(client, op["calls"]["python"])(**call_arguments(op))
        if not isinstance(result, okta_admin.AsyncPager):
            awaitables.append(result)
    outcomes = await asyncio.gather(*awaitables, return_exceptions=True)
    assert not [o for o in outcomes if isinstance(o, TypeError)]
    assert all(isinstance(o, okta_admin.OktaError) or not isinstance(o, BaseException) for o in outcomes)

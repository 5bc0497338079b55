"""Generated entity tests call the API only with clients whose role the genome allows."""

import ast

import pytest
import yaml

from app.codegen.render import render
from app.genome import load

METHOD_ACTION = {"get": "read", "post": "create", "patch": "update", "delete": "delete"}
ROLES = ("owner", "admin", "member")


def _genome(permissions: dict):
    source = {
        "genome": 1,
        "name": "Permission App",
        "stack": {"backend": "flask", "frontend": "none"},
        "entities": [
            {"name": "Note", "fields": {"title": {"type": "string", "required": True}}},
            {
                "name": "Secret",
                "fields": {
                    "label": {"type": "string", "required": True},
                    "kind": {"type": "enum", "values": ["a", "b"]},
                },
                "relations": {"note": {"kind": "many_to_one", "target": "Note"}},
                "search": ["label"],
                "permissions": permissions,
            },
        ],
    }
    return load(yaml.safe_dump(source))


def _aliases(module: ast.Module) -> dict[str, str]:
    """Module fixtures such as `read_client(admin_client)` -> {"read_client": "admin"}."""
    aliases = {f"{role}_client": role for role in ROLES}
    for node in module.body:
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_client") and node.args.args:
            aliases[node.name] = aliases[node.args.args[0].arg]
    return aliases


def _is_403(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, ast.Call):
        parent = parents.get(parent)
    return (
        isinstance(parent, ast.Call)
        and isinstance(parent.func, ast.Name)
        and parent.func.id == "assert_error"
        and any(isinstance(arg, ast.Constant) and arg.value == 403 for arg in parent.args)
    )


def _calls(tree: ast.Module, aliases: dict[str, str]):
    """Yield (test name, role, action, expects 403) for every call of the entity's own API."""
    for test in tree.body:
        if not (isinstance(test, ast.FunctionDef) and test.name.startswith("test_")):
            continue
        parents = {child: node for node in ast.walk(test) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(test):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "create" and node.args:
                client = node.args[0]
                role = aliases.get(client.id) if isinstance(client, ast.Name) else None
                yield test.name, role, "create", False
            elif _is_api_call(func, node, aliases):
                role = aliases[func.value.id]
                yield test.name, role, METHOD_ACTION[func.attr], _is_403(node, parents)


def _is_api_call(func: ast.expr, node: ast.Call, aliases: dict[str, str]) -> bool:
    """A `<role client>.<method>(url(...))` call of the entity's API."""
    on_client = (
        isinstance(func, ast.Attribute)
        and func.attr in METHOD_ACTION
        and isinstance(func.value, ast.Name)
        and func.value.id in aliases
    )
    first = node.args[0] if node.args else None
    return on_client and isinstance(first, ast.Call) and getattr(first.func, "id", None) == "url"


@pytest.mark.parametrize(
    "permissions",
    [
        {"member": []},
        {"member": [], "admin": [], "owner": ["read", "create", "update"]},
        {"member": ["read"], "admin": ["read", "create"], "owner": ["read", "create", "delete"]},
        {"member": [], "admin": ["read"], "owner": []},
    ],
)
def test_generated_entity_tests_use_allowed_clients(permissions):
    genome = _genome(permissions)
    granted = genome.entity("Secret").permissions
    source = render(genome)["tests/test_secret.py"].decode("utf-8")
    tree = ast.parse(source)
    aliases = _aliases(tree)
    calls = list(_calls(tree, aliases))
    assert calls
    for test, role, action, forbidden in calls:
        assert role is not None, test
        assert (action in granted[role]) is not forbidden, (test, role, action)
    tested = {action for _, _, action, forbidden in calls if not forbidden}
    assert tested == {action for actions in granted.values() for action in actions}
    for role in ROLES:
        if set(METHOD_ACTION.values()) - granted[role]:
            assert f"def test_{role}_may_not_" in source

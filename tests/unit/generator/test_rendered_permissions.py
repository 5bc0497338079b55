"""Generated entity tests expect the roles the genome gives (tests/access.py, per resource)."""

import ast
import importlib.util

import pytest
import yaml

from app.codegen.render import render
from app.genome import load

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


@pytest.mark.parametrize(
    "permissions",
    [
        {"member": []},
        {"member": [], "admin": [], "owner": ["read", "create", "update"]},
        {"member": ["read"], "admin": ["read", "create"], "owner": ["read", "create", "delete"]},
        {"member": [], "admin": ["read"], "owner": []},
    ],
)
def test_generated_tests_expect_exactly_the_genome_permissions(permissions, tmp_path):
    genome = _genome(permissions)
    granted = genome.entity("Secret").permissions
    files = render(genome)
    access = tmp_path / "access.py"
    access.write_bytes(files["tests/access.py"])
    spec = importlib.util.spec_from_file_location("generated_access", access)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.EXPECTED_PERMISSIONS
    assert {role: set(actions) for role, actions in expected["secrets"].items()} == {
        role: set(granted.get(role, ())) for role in ROLES
    }
    test_module = ast.parse(files["tests/test_secret.py"].decode("utf-8"))
    [test_class] = [node for node in test_module.body if isinstance(node, ast.ClassDef)]
    segment = next(
        node.value.value
        for node in test_class.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "segment"
    )
    assert segment == "secrets"
    assert [base.id for base in test_class.bases] == ["ResourceContract"]

"""Schemathesis against a running generated app, logged in as the owner of a tenant."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from helix_gates.commands import Result, run
from helix_gates.server import Login

CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
MAX_EXAMPLES = 10
PHASES = "examples,coverage,fuzzing"
SEED = 20261125


def _toml_str(value: str) -> str:
    """A TOML basic string (JSON's escapes are a subset TOML accepts)."""
    return json.dumps(value, ensure_ascii=True)


def tenant_parameter(spec: dict, tenant_plural: str) -> str | None:
    """The name of the tenant id parameter in paths `/api/v1/{tenant_plural}/{name}/...`."""
    pattern = re.compile(rf"/{re.escape(tenant_plural)}/\{{([^}}]+)\}}")
    for path in spec.get("paths") or {}:
        match = pattern.search(path)
        if match:
            return match.group(1)
    return None


def session_ending_operations(spec: dict, tenant_plural: str) -> list[str]:
    """Names ("METHOD /path") of logout and of deleting a whole tenant, as the spec spells them."""
    tenant_item = re.compile(rf"^/api/v1/{re.escape(tenant_plural)}/\{{[^}}/]+\}}$")
    names = []
    for path, item in (spec.get("paths") or {}).items():
        if path.endswith("/auth/logout") and "post" in item:
            names.append(f"POST {path}")
        if tenant_item.match(path) and "delete" in item:
            names.append(f"DELETE {path}")
    return sorted(names)


def write_config(path: Path, base_url: str, login: Login, spec: dict, tenant_plural: str) -> Path:
    """schemathesis.toml: cookies and CSRF header, our tenant id, no session-ending calls."""
    lines = [
        f"base-url = {_toml_str(base_url)}",
        f"seed = {SEED}",
        "request-timeout = 30",
        "",
        "[headers]",
        f"Cookie = {_toml_str(login.cookie_header)}",
        f"X-CSRF-TOKEN = {_toml_str(login.csrf_token)}",
    ]
    parameter = tenant_parameter(spec, tenant_plural)
    if parameter:
        lines += [
            "",
            "[parameters]",
            f"{_toml_str('path.' + parameter)} = {_toml_str(login.tenant_id)}",
        ]
    # Logging out or deleting its own tenant would turn every later request into a 401/404.
    disabled = session_ending_operations(spec, tenant_plural)
    if disabled:
        names = ", ".join(_toml_str(name) for name in disabled)
        lines += ["", "[[operations]]", f"include-name = [{names}]", "enabled = false"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_schemathesis(spec_file: Path, config: Path, report_dir: Path) -> Result:
    """Run the pinned Schemathesis CLI; exit status 0 means no failed check."""
    st = Path(sys.executable).parent / "st"
    return run(
        [
            st,
            "--config-file",
            config,
            "--no-color",
            "run",
            spec_file,
            "--checks",
            ",".join(CHECKS),
            "--max-examples",
            str(MAX_EXAMPLES),
            "--phases",
            PHASES,
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--report",
            "junit",
            "--report-dir",
            report_dir,
        ],
        cwd=spec_file.parent,
        timeout=600,
    )


def summary(output: str, limit: int = 12000) -> str:
    """The failures and summary of a Schemathesis run, without the progress lines."""
    start = min(
        (index for index in (output.find("= FAILURES ="), output.find("= ERRORS =")) if index >= 0),
        default=max(0, len(output) - limit),
    )
    return output[start : start + limit]

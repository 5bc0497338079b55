"""Genome versions: renamed_from, what a database with rows cannot take, and the revisions.

The database itself is exercised by tests/gates/test_evolution.py; these check the
generator's side quickly.
"""

from __future__ import annotations

import ast
import copy
import itertools
import subprocess  # nosec B404 - runs the pinned ruff on generated code
from pathlib import Path

import pytest
import yaml
from alembic.config import Config
from alembic.script import ScriptDirectory

from app.codegen.formatting import ruff_bin
from app.codegen.migration import VERSIONS, revisions
from app.codegen.render import INITIAL_REVISION, render
from app.genome import GenomeError, load, validate
from app.genome.evolution import evolution_problems, renames

ROOT = Path(__file__).resolve().parents[3]
SERIES = sorted((ROOT / "tests" / "evolutions" / "clinic").glob("v*.yaml"))
CLINIC = ROOT / "examples" / "genomes" / "clinic.yaml"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in SERIES]


@pytest.fixture(scope="module")
def clinic() -> dict:
    return yaml.safe_load(CLINIC.read_text(encoding="utf-8"))


def _entity(data: dict, name: str) -> dict:
    return next(entity for entity in data["entities"] if entity["name"] == name)


def _changed(data: dict, edit) -> dict:
    changed = copy.deepcopy(data)
    edit(changed)
    return changed


def _codes(base: dict, new: dict) -> list[tuple[str, str]]:
    return [
        (p.path, p.code) for p in evolution_problems(load(yaml.dump(base)), load(yaml.dump(new)))
    ]


# renamed_from in one genome -----------------------------------------------------------------


def test_renamed_from_is_part_of_the_format(clinic):
    data = _changed(clinic, lambda d: _entity(d, "Room").update(renamed_from="Ward"))
    _entity(data, "Room")["fields"]["code"]["renamed_from"] = "number"
    _entity(data, "Patient")["relations"]["tags"]["renamed_from"] = "labels"
    assert not validate(data)


def test_renamed_from_must_be_a_name_of_the_right_form(clinic):
    data = _changed(clinic, lambda d: _entity(d, "Room").update(renamed_from="ward"))
    _entity(data, "Room")["fields"]["code"]["renamed_from"] = "Number"
    paths = {(p.path, p.code) for p in validate(data)}
    assert ("entities[3].renamed_from", "invalid_name") in paths
    assert ("entities[3].fields.code.renamed_from", "invalid_name") in paths


def test_renamed_from_cannot_name_itself_a_current_field_or_be_claimed_twice(clinic):
    data = copy.deepcopy(clinic)
    fields = _entity(data, "Patient")["fields"]
    fields["full_name"]["renamed_from"] = "email"
    fields["notes"]["renamed_from"] = "remarks"
    fields["birth_date"]["renamed_from"] = "remarks"
    _entity(data, "Room")["renamed_from"] = "Room"
    found = {(p.path, p.code) for p in validate(data)}
    assert found == {
        ("entities[2].fields.full_name.renamed_from", "invalid_rename"),
        ("entities[2].fields.notes.renamed_from", "duplicate_rename"),
        ("entities[3].renamed_from", "invalid_rename"),
    }


# between two versions -------------------------------------------------------------------------


def test_renamed_from_must_name_something_of_the_base_version(clinic):
    def edit(d):
        fields = _entity(d, "Patient")["fields"]
        fields["medical_notes"] = {**fields.pop("notes"), "renamed_from": "note"}

    problems = evolution_problems(load(yaml.dump(clinic)), load(yaml.dump(_changed(clinic, edit))))
    assert [(p.path, p.code, p.suggestion) for p in problems] == [
        ("entities[2].fields.medical_notes.renamed_from", "unknown_rename", "notes")
    ]
    assert "no field 'note'" in problems[0].message


def test_an_unknown_entity_rename_is_refused(clinic):
    new = _changed(clinic, lambda d: _entity(d, "Room").update(name="Ward", renamed_from="Rooms"))
    for entity in new["entities"]:
        for relation in entity.get("relations", {}).values():
            if relation["target"] == "Room":
                relation["target"] = "Ward"
    assert _codes(clinic, new) == [("entities[3].renamed_from", "unknown_rename")]


def test_a_new_required_field_needs_a_default(clinic):
    def add(default):
        def edit(d):
            spec = {"type": "string", "required": True, "max_length": 20}
            if default is not None:
                spec["default"] = default
            _entity(d, "Patient")["fields"]["plan"] = spec

        return edit

    problems = evolution_problems(
        load(yaml.dump(clinic)), load(yaml.dump(_changed(clinic, add(None))))
    )
    assert [(p.path, p.code) for p in problems] == [("entities[2].fields.plan", "needs_default")]
    assert "default" in problems[0].message
    assert _codes(clinic, _changed(clinic, add("basic"))) == []


def test_a_required_field_on_a_new_entity_needs_no_default(clinic):
    new = _changed(
        clinic,
        lambda d: d["entities"].append(
            {"name": "Ward", "fields": {"code": {"type": "string", "required": True}}}
        ),
    )
    assert _codes(clinic, new) == []


def test_a_field_becoming_required_needs_a_default(clinic):
    new = _changed(clinic, lambda d: _entity(d, "Room")["fields"]["floor"].update(required=True))
    assert _codes(clinic, new) == [("entities[3].fields.floor.required", "needs_default")]
    new["entities"][3]["fields"]["floor"]["default"] = 0
    assert _codes(clinic, new) == []


def test_removing_an_enum_value_or_changing_a_type_is_refused(clinic):
    def edit(d):
        invoice = _entity(d, "Invoice")["fields"]
        invoice["status"]["values"] = ["draft", "sent", "paid"]
        invoice["issued_on"]["type"] = "integer"
        _entity(d, "Room")["fields"]["code"]["max_length"] = 200  # a wider string is fine

    assert _codes(clinic, _changed(clinic, edit)) == [
        ("entities[6].fields.issued_on.type", "type_changed"),
        ("entities[6].fields.status.values", "enum_value_removed"),
    ]


def test_a_new_required_relation_on_an_existing_table_is_refused(clinic):
    new = _changed(
        clinic,
        lambda d: _entity(d, "Review")["relations"].update(
            room={"kind": "many_to_one", "target": "Room", "required": True}
        ),
    )
    assert _codes(clinic, new) == [("entities[8].relations.room", "needs_default")]


def test_the_tenancy_cannot_change(clinic):
    assert _codes(clinic, {**clinic, "tenancy": "organization"}) == [("tenancy", "tenancy_changed")]


def test_a_rename_left_in_a_later_version_is_ignored(texts):
    v4 = load(texts[3])
    assert not evolution_problems(v4, v4)
    assert renames(v4, v4).fields[("Patient", "medical_notes")] == "medical_notes"


def test_the_series_evolves_without_problems(texts):
    genomes = [load(text) for text in texts]
    assert len(genomes) >= 7
    for base, new in itertools.pairwise(genomes):
        assert not evolution_problems(base, new)


# render with a lineage ------------------------------------------------------------------------


def test_an_unchanged_genome_gets_no_new_revision(texts):
    genome = load(texts[0])
    assert render(genome, lineage=[texts[0]]) == render(genome)
    assert not revisions([genome, genome], genome)


@pytest.fixture(scope="module")
def evolved(texts) -> dict[str, bytes]:
    return render(load(texts[-1]), lineage=texts[:-1])


def test_the_initial_revision_is_the_first_versions_own(texts, evolved):
    assert evolved[INITIAL_REVISION] == render(load(texts[0]))[INITIAL_REVISION]
    assert evolved[INITIAL_REVISION] != render(load(texts[-1]))[INITIAL_REVISION]


def test_one_revision_per_changed_version_in_one_line(texts, evolved, tmp_path):
    names = sorted(path for path in evolved if path.startswith(f"{VERSIONS}/"))
    assert len(names) == len(texts)
    chain = []
    for path in names:
        tree = ast.parse(evolved[path])
        values = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        }
        assert path == f"{VERSIONS}/{values['revision']}.py"
        assert len(values["revision"]) <= 32, "alembic_version holds 32 characters"
        chain.append((values["revision"], values["down_revision"]))
    assert chain[0] == ("0001_initial", None)
    for (previous, _), (_, down) in itertools.pairwise(chain):
        assert down == previous
    for path, data in evolved.items():
        if path.startswith("migrations/"):
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
    config = Config()
    config.set_main_option("script_location", str(tmp_path / "migrations"))
    assert ScriptDirectory.from_config(config).get_heads() == [chain[-1][0]]


def test_the_revisions_pass_the_projects_ruff(evolved, tmp_path):
    for path, data in evolved.items():
        if path.startswith(f"{VERSIONS}/") or path == "pyproject.toml":
            (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / path).write_bytes(data)
    for args in (["check"], ["format", "--check"]):
        result = subprocess.run(  # nosec B603
            [ruff_bin(), *args, "--no-cache", "."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _revision(texts, index: int) -> str:
    found = revisions(texts[: index - 1], load(texts[index - 1]))
    return list(found.values())[-1]


def test_a_required_field_is_added_then_filled_then_made_not_null(texts):
    text = _revision(texts, 3)
    upgrade, downgrade = text.split("def downgrade")
    add = upgrade.index(
        'op.add_column("patients", sa.Column("plan", sa.String(length=20), nullable=True))'
    )
    fill = upgrade.index('UPDATE "patients" SET "plan" = :value')
    tighten = upgrade.index(
        'op.alter_column("patients", "plan", existing_type=sa.String(length=20), nullable=False)'
    )
    assert add < fill < tighten
    assert '"basic"' in upgrade
    assert 'op.drop_column("patients", "plan")' in downgrade


def test_a_renamed_field_keeps_its_column_constraint_and_enum_type(texts):
    text = _revision(texts, 4)
    assert "drop_column" not in text
    assert "add_column" not in text
    assert 'op.alter_column("patients", "notes", new_column_name="medical_notes")' in text
    assert (
        'RENAME CONSTRAINT "patients_notes_max_length" TO "patients_medical_notes_max_length"'
        in text
    )
    assert 'ALTER TYPE "payment_method" RENAME TO "payment_payment_method"' in text


def test_an_enum_value_is_added_in_place_and_removed_again_by_the_downgrade(texts):
    upgrade, downgrade = _revision(texts, 5).split("def downgrade")
    assert "ADD VALUE IF NOT EXISTS 'checked_in' AFTER 'scheduled'" in upgrade
    assert 'ALTER TYPE "appointment_status" RENAME TO "appointment_status_old"' in downgrade
    update = next(line for line in downgrade.splitlines() if "UPDATE" in line)
    assert "checked_in" in update
    assert "scheduled" in update


def test_a_renamed_entity_renames_its_table_and_everything_named_after_it(texts):
    text = _revision(texts, 9)
    upgrade = text.split("def downgrade")[0]
    for expected in (
        'op.rename_table("rooms", "exam_rooms")',
        'ALTER SEQUENCE "rooms_id_seq" RENAME TO "exam_rooms_id_seq"',
        'ALTER POLICY "rooms_tenant_isolation" ON "exam_rooms" '
        'RENAME TO "exam_rooms_tenant_isolation"',
        'RENAME CONSTRAINT "pk_rooms" TO "pk_exam_rooms"',
        'RENAME CONSTRAINT "fk_appointments_room_id_rooms" TO "fk_appointments_room_id_exam_rooms"',
        'ALTER INDEX "ix_rooms_workspace_id" RENAME TO "ix_exam_rooms_workspace_id"',
    ):
        assert expected in upgrade
    assert "drop_table" not in upgrade
    assert "create_table" not in upgrade


def test_a_new_table_gets_row_level_security_and_the_grants_of_the_tenant_table(texts):
    upgrade = _revision(texts, 2).split("def downgrade")[0]
    assert '_enable_row_level_security("insurers")' in upgrade
    assert "'insurers_id_seq'" in upgrade
    assert "'workspaces'::regclass" in upgrade


def test_a_lineage_step_with_problems_is_refused(texts):
    data = yaml.safe_load(texts[1])
    _entity(data, "Insurer")["fields"]["name"]["renamed_from"] = "title"
    _entity(data, "Patient")["fields"]["plan"] = {"type": "string", "required": True}
    with pytest.raises(GenomeError) as caught:
        render(load(yaml.dump(data)), lineage=[texts[0]])
    assert {p.code for p in caught.value.problems} == {"needs_default"}


def test_turning_features_on_and_off_adds_and_drops_their_tables(texts):
    data = yaml.safe_load(texts[0])
    data["features"].update(billing=True, async_jobs=True)
    on = load(yaml.dump(data))
    text = next(iter(revisions([texts[0]], on).values()))
    upgrade, downgrade = text.split("def downgrade")
    for table in ("subscriptions", "processed_stripe_events", "job_runs"):
        assert f'op.create_table(\n        "{table}",' in upgrade
        assert f'op.drop_table("{table}")' in downgrade
    assert "'job_runs_id_seq'" in upgrade
    assert "'processed_stripe_events_id_seq'" not in upgrade  # its id is the Stripe event's
    assert "_enable_row_level_security" not in upgrade  # as in the initial revision
    back = next(iter(revisions([on], load(texts[0])).values()))
    assert 'op.drop_table("job_runs")' in back.split("def downgrade")[0]

/** Every entity's form validation comes from the genome: required, lengths, ranges, enums, 422s. */
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EntityForm } from "@/components/entity-form";
import type { EntityConfig, FieldMeta } from "@/lib/entity";
import { ApiError } from "@/lib/errors";
import { editableFields, fieldProblem, initialValues, toPayload, validate } from "@/lib/form";
import { ENTITIES } from "@/lib/registry";

beforeEach(() => {
  // Relation selects load their choices; here every list is empty.
  const empty = { items: [], page: 1, per_page: 100, total: 0 };
  vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(empty), { status: 200, headers: { "Content-Type": "application/json" } })));
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function tooLong(field: FieldMeta): string {
  return "x".repeat((field.maxLength ?? 0) + 1);
}

/** A bound moved by one, exactly for whole numbers (even beyond 2^53). */
function beyond(field: FieldMeta, bound: number | string, step: 1 | -1): string {
  if (field.type === "float") return String(Number(bound) + step);
  return (BigInt(bound) + BigInt(step)).toString();
}

describe.each(ENTITIES.map((config) => [config.name, config] as const))("%s", (_name, config) => {
  it("asks for every required field that has no default", () => {
    const errors = validate(config, "create", initialValues(config, "create"));
    for (const field of editableFields(config, "create")) {
      const needed = field.required && !field.hasDefault && field.type !== "boolean";
      expect(errors[field.name] === "This field is required.", field.name).toBe(needed);
    }
    for (const relation of config.relations) {
      if (relation.kind !== "many_to_many") expect(Boolean(errors[relation.wire]), relation.wire).toBe(relation.required);
    }
  });

  it("refuses values outside the genome's bounds", () => {
    for (const field of editableFields(config, "create")) {
      if (field.maxLength !== null && ["string", "text", "email", "url"].includes(field.type)) {
        expect(fieldProblem(field, tooLong(field)), field.name).toMatch(/at most/);
      }
      if (field.max !== null && ["integer", "bigint", "float"].includes(field.type)) {
        expect(fieldProblem(field, beyond(field, field.max, 1)), field.name).toMatch(/between/);
      }
      if (field.min !== null && ["integer", "bigint", "float"].includes(field.type)) {
        expect(fieldProblem(field, beyond(field, field.min, -1)), field.name).toMatch(/between/);
      }
      if (field.type === "enum") {
        expect(fieldProblem(field, "not-a-value-of-this-enum"), field.name).not.toBeNull();
        for (const value of field.values) expect(fieldProblem(field, value), value).toBeNull();
      }
      if (["integer", "bigint", "float", "decimal"].includes(field.type)) {
        expect(fieldProblem(field, "abc"), field.name).not.toBeNull();
      }
    }
  });

  it("leaves empty fields out of a create and clears them on an update", () => {
    const created = toPayload(config, "create", initialValues(config, "create"));
    for (const field of editableFields(config, "create")) {
      if (field.type !== "boolean" && !field.hasDefault) expect(created, field.name).not.toHaveProperty(field.name);
    }
    const updated = toPayload(config, "update", initialValues(config, "update", { id: 1 }));
    for (const field of editableFields(config, "update")) {
      if (field.type !== "boolean") expect(updated[field.name], field.name).toBeNull();
    }
    expect(Object.keys(updated)).not.toContain(config.transitions?.field ?? "\u0000");
  });

  it("shows problems on their fields and sends nothing when the form is invalid", async () => {
    const create = vi.fn();
    const spied: EntityConfig = { ...config, api: { ...config.api, create } };
    render(<EntityForm config={spied} tenantId={1} mode="create" onSaved={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "Create" }));
    const required = editableFields(config, "create").filter((field) => field.required && !field.hasDefault && field.type !== "boolean");
    const relations = config.relations.filter((relation) => relation.required && relation.kind !== "many_to_many");
    if (required.length + relations.length === 0) return;
    await screen.findByText("Check the highlighted fields.");
    expect(create).not.toHaveBeenCalled();
    for (const field of required) {
      expect(document.getElementById(`field-${field.name}`)?.getAttribute("aria-invalid"), field.name).toBe("true");
    }
  });
});

describe("server errors", () => {
  it("puts a 422's details on their fields", async () => {
    const config = ENTITIES.find((entity) => editableFields(entity, "update").some((field) => field.type !== "boolean"));
    if (!config) return;
    const field = editableFields(config, "update").find((item) => item.type !== "boolean");
    if (!field) return;
    const update = vi.fn(async () => {
      throw new ApiError(422, { error: "validation_error", message: "Some fields are not valid.", details: { [field.name]: ["Taken by the server."] } });
    });
    const spied: EntityConfig = { ...config, fields: config.fields.map((item) => ({ ...item, required: false })), relations: [], api: { ...config.api, update } };
    render(<EntityForm config={spied} tenantId={1} mode="update" row={{ id: 7 }} onSaved={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1));
    expect(await screen.findByText("Taken by the server.")).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("Some fields are not valid.");
  });
});

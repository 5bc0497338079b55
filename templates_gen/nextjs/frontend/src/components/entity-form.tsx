"use client";
/** Create or edit a row: the genome's rules checked before sending, the server's 422 on its fields. */
import { useState, type FormEvent } from "react";
import { FieldInput } from "@/components/field-input";
import { RelationSelect } from "@/components/relation-select";
import type { EntityConfig, Row } from "@/lib/entity";
import { ApiError, describeError, fieldErrors } from "@/lib/errors";
import { editableFields, initialValues, toPayload, validate, type FormValues, type Mode } from "@/lib/form";

interface Props {
  config: EntityConfig;
  tenantId: number;
  mode: Mode;
  row?: Row;
  onSaved: (row: Row) => void;
  onCancel?: () => void;
}

export function EntityForm({ config, tenantId, mode, row, onSaved, onCancel }: Props) {
  const [values, setValues] = useState<FormValues>(() => initialValues(config, mode, row));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function set(name: string, value: FormValues[string]) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = validate(config, mode, values);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      setMessage("Check the highlighted fields.");
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const body = toPayload(config, mode, values);
      const saved =
        mode === "create" || !row
          ? await config.api.create(tenantId, body)
          : await config.api.update(tenantId, row.id, body);
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError) setErrors(fieldErrors(error.details));
      setMessage(describeError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-describedby={message ? "form-message" : undefined}>
      {message ? (
        <p id="form-message" role="alert" className="error">
          {message}
        </p>
      ) : null}
      {editableFields(config, mode).map((field) => (
        <FieldInput
          key={field.name}
          field={field}
          value={values[field.name] ?? ""}
          error={errors[field.name]}
          required={field.required && (mode === "update" || !field.hasDefault)}
          onChange={(value) => set(field.name, value)}
        />
      ))}
      {config.relations.map((relation) => (
        <RelationSelect
          key={relation.wire}
          tenantId={tenantId}
          relation={relation}
          value={(values[relation.wire] as string | string[] | undefined) ?? ""}
          error={errors[relation.wire]}
          onChange={(value) => set(relation.wire, value)}
        />
      ))}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : mode === "create" ? "Create" : "Save"}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

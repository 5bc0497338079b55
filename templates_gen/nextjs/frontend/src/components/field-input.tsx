"use client";
/** One labelled form control for a genome field, with its error announced. */
import type { FieldMeta } from "@/lib/entity";
import { humanize } from "@/lib/entity";
import type { FormValue } from "@/lib/form";

interface Props {
  field: FieldMeta;
  value: FormValue;
  error?: string;
  required: boolean;
  onChange: (value: FormValue) => void;
}

const INPUT_TYPES: Partial<Record<FieldMeta["type"], string>> = {
  date: "date",
  datetime: "datetime-local",
  time: "time",
  email: "email",
  url: "url",
};

export function FieldInput({ field, value, error, required, onChange }: Props) {
  const id = `field-${field.name}`;
  const label = humanize(field.name);
  const describedBy = error ? `${id}-error` : undefined;
  const common = {
    id,
    name: field.name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  };
  let control;
  if (field.type === "boolean") {
    control = (
      <input {...common} type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
    );
  } else if (field.type === "enum") {
    control = (
      <select {...common} value={String(value)} onChange={(event) => onChange(event.target.value)}>
        <option value="">{required ? "Choose…" : "—"}</option>
        {field.values.map((option) => (
          <option key={option} value={option}>
            {humanize(option)}
          </option>
        ))}
      </select>
    );
  } else if (field.type === "text" || field.type === "json") {
    control = (
      <textarea {...common} rows={field.type === "json" ? 6 : 4} value={String(value)} onChange={(event) => onChange(event.target.value)} />
    );
  } else {
    const numeric = ["integer", "bigint", "float", "decimal"].includes(field.type);
    control = (
      <input
        {...common}
        type={INPUT_TYPES[field.type] ?? "text"}
        inputMode={numeric ? (field.type === "integer" || field.type === "bigint" ? "numeric" : "decimal") : undefined}
        value={String(value)}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  return (
    <div className={field.type === "boolean" ? "field field-check" : "field"}>
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {control}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

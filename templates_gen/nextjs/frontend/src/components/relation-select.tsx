"use client";
/** A searchable select of rows of another entity (or of the tenant's members). */
import { useEffect, useState } from "react";
import { humanize, rowTitle, type RelationMeta, type Row } from "@/lib/entity";
import { entityBySegment } from "@/lib/registry";
import { tenants } from "@/lib/tenant-api";

interface Option {
  id: number;
  label: string;
}

interface Props {
  tenantId: number;
  relation: RelationMeta;
  value: string | string[];
  error?: string;
  onChange: (value: string | string[]) => void;
}

async function loadOptions(tenantId: number, relation: RelationMeta, q: string): Promise<Option[]> {
  if (relation.target === null) {
    const members = await tenants.members(tenantId);
    const needle = q.toLowerCase();
    return members
      .filter((member) => !needle || `${member.name} ${member.email}`.toLowerCase().includes(needle))
      .map((member) => ({ id: member.user_id, label: `${member.name} <${member.email}>` }));
  }
  const target = entityBySegment(relation.target);
  if (!target) return [];
  const page = await target.api.list(tenantId, { per_page: 100, ...(q && target.search ? { q } : {}) });
  return page.items.map((row: Row) => ({ id: row.id, label: rowTitle(target, row) }));
}

export function RelationSelect({ tenantId, relation, value, error, onChange }: Props) {
  const [query, setQuery] = useState("");
  const [options, setOptions] = useState<Option[] | null>(null);
  const [failed, setFailed] = useState(false);
  const id = `field-${relation.wire}`;
  const multiple = relation.kind === "many_to_many";

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      loadOptions(tenantId, relation, query).then(
        (found) => live && (setOptions(found), setFailed(false)),
        () => live && setFailed(true),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [tenantId, relation, query]);

  const selected = Array.isArray(value) ? value : value ? [value] : [];
  // Keep the current choice visible even when the search hides it.
  const shown = [...(options ?? [])];
  for (const chosen of selected) {
    if (!shown.some((option) => String(option.id) === chosen)) shown.push({ id: Number(chosen), label: `#${chosen}` });
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {humanize(relation.name)}
        {relation.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <input
        type="search"
        aria-label={`Search ${humanize(relation.name).toLowerCase()}`}
        placeholder="Search…"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <select
        id={id}
        name={relation.wire}
        multiple={multiple}
        value={multiple ? selected : (selected[0] ?? "")}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-busy={options === null}
        onChange={(event) =>
          onChange(multiple ? Array.from(event.target.selectedOptions, (option) => option.value) : event.target.value)
        }
      >
        {multiple ? null : <option value="">{relation.required ? "Choose…" : "—"}</option>}
        {shown.map((option) => (
          <option key={option.id} value={String(option.id)}>
            {option.label}
          </option>
        ))}
      </select>
      {failed ? <p className="field-error">Could not load the choices.</p> : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

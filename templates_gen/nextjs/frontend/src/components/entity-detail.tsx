"use client";
/** One row: its values, the transitions allowed from its state, edit and delete (with the 409 explained). */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { allows, humanize, rowTitle, type EntityConfig, type Role, type Row } from "@/lib/entity";
import { ApiError, describeError } from "@/lib/errors";

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.length ? value.join(", ") : "—";
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}

/** The states this row may move to from its current one (all of them when it has none yet). */
export function nextStates(config: EntityConfig, row: Row): readonly string[] {
  if (!config.transitions) return [];
  const current = row[config.transitions.field];
  if (current === null || current === undefined) return Object.keys(config.transitions.allowed);
  return config.transitions.allowed[String(current)] ?? [];
}

export function EntityDetail({ config, tenantId, id, role }: { config: EntityConfig; tenantId: number; id: number; role: Role | undefined }) {
  const router = useRouter();
  const [row, setRow] = useState<Row | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    config.api.get(tenantId, id).then(
      (found) => live && setRow(found),
      (failure: unknown) => {
        if (!live) return;
        if (failure instanceof ApiError && failure.status === 404) setMissing(true);
        else setError(describeError(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [config, tenantId, id]);

  if (missing) {
    return (
      <section>
        <h1>Not found</h1>
        <p>This {humanize(config.singular).toLowerCase()} does not exist or belongs to another workspace.</p>
        <Link href={`/t/${tenantId}/data/${config.segment}`}>Back to {humanize(config.plural).toLowerCase()}</Link>
      </section>
    );
  }
  if (!row) return error ? <p role="alert" className="error">{error}</p> : <p aria-live="polite" className="muted">Loading…</p>;

  async function move(state: string) {
    if (!config.transitions || !row) return;
    setBusy(true);
    setError(null);
    try {
      setRow(await config.api.update(tenantId, row.id, { [config.transitions.field]: state }));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    if (!row) return;
    setBusy(true);
    setError(null);
    try {
      await config.api.remove(tenantId, row.id);
      router.push(`/t/${tenantId}/data/${config.segment}`);
    } catch (failure) {
      setConfirming(false);
      setError(
        failure instanceof ApiError && failure.status === 409
          ? `${failure.message} Delete or change the rows that refer to it first.`
          : describeError(failure),
      );
    } finally {
      setBusy(false);
    }
  }

  const canUpdate = allows(config, role, "update");
  const states = canUpdate ? nextStates(config, row) : [];
  const relationWires = new Set(config.relations.map((relation) => relation.wire));
  return (
    <section aria-labelledby="detail-title">
      <div className="heading">
        <h1 id="detail-title">{rowTitle(config, row)}</h1>
        <div className="actions">
          {canUpdate ? (
            <Link className="button" href={`/t/${tenantId}/data/${config.segment}/${row.id}/edit`}>
              Edit
            </Link>
          ) : null}
          {allows(config, role, "delete") && !confirming ? (
            <button type="button" className="danger" onClick={() => setConfirming(true)}>
              Delete
            </button>
          ) : null}
        </div>
      </div>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="confirm-text" className="confirm">
          <p id="confirm-text">Delete this {humanize(config.singular).toLowerCase()}? This cannot be undone.</p>
          <button type="button" className="danger" disabled={busy} onClick={remove}>
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      ) : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      {states.length > 0 && config.transitions ? (
        <div className="transitions" role="group" aria-label={`Change ${humanize(config.transitions.field).toLowerCase()}`}>
          {states.map((state) => (
            <button type="button" key={state} disabled={busy} onClick={() => move(state)}>
              Mark {humanize(state).toLowerCase()}
            </button>
          ))}
        </div>
      ) : null}
      <dl className="details">
        {config.fields.map((field) => (
          <div key={field.name}>
            <dt>{humanize(field.name)}</dt>
            <dd>{field.type === "json" ? <pre>{show(row[field.name])}</pre> : show(row[field.name])}</dd>
          </div>
        ))}
        {config.relations.map((relation) => {
          const value = row[relation.wire];
          const target = relation.target;
          return (
            <div key={relation.wire}>
              <dt>{humanize(relation.name)}</dt>
              <dd>
                {target && typeof value === "number" && relationWires.has(relation.wire) ? (
                  <Link href={`/t/${tenantId}/data/${target}/${value}`}>#{value}</Link>
                ) : (
                  show(value)
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      <p>
        <Link href={`/t/${tenantId}/data/${config.segment}`}>Back to {humanize(config.plural).toLowerCase()}</Link>
      </p>
    </section>
  );
}

"use client";
import Link from "next/link";
import { notFound, useParams, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { EntityForm } from "@/components/entity-form";
import { useTenant } from "@/components/session";
import { allows, humanize, rowTitle, type Row } from "@/lib/entity";
import { ApiError, describeError } from "@/lib/errors";
import { entityBySegment } from "@/lib/registry";

export default function EditEntityPage() {
  const params = useParams<{ tenantId: string; entity: string; id: string }>();
  const router = useRouter();
  const tenantId = Number(params.tenantId);
  const id = Number(params.id);
  const config = entityBySegment(params.entity);
  const { role } = useTenant(tenantId);
  const [row, setRow] = useState<Row | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!config) return;
    let live = true;
    config.api.get(tenantId, id).then(
      (found) => live && setRow(found),
      (failure: unknown) =>
        live && setError(failure instanceof ApiError && failure.status === 404 ? "Not found." : describeError(failure)),
    );
    return () => {
      live = false;
    };
  }, [config, tenantId, id]);

  if (!config || !Number.isSafeInteger(id) || id < 1) notFound();
  const detail = `/t/${tenantId}/data/${config.segment}/${id}`;
  if (!allows(config, role, "update")) return <p role="alert">Your role may not change {humanize(config.plural).toLowerCase()}.</p>;
  if (error) return <p role="alert" className="error">{error} <Link href={`/t/${tenantId}/data/${config.segment}`}>Back</Link></p>;
  if (!row) return <p aria-live="polite" className="muted">Loading…</p>;
  return (
    <section>
      <h1>Edit {rowTitle(config, row)}</h1>
      <EntityForm config={config} tenantId={tenantId} mode="update" row={row} onSaved={() => router.push(detail)} onCancel={() => router.push(detail)} />
    </section>
  );
}

"use client";
import { notFound, useParams } from "next/navigation";
import { EntityDetail } from "@/components/entity-detail";
import { useTenant } from "@/components/session";
import { entityBySegment } from "@/lib/registry";

export default function EntityDetailPage() {
  const params = useParams<{ tenantId: string; entity: string; id: string }>();
  const tenantId = Number(params.tenantId);
  const id = Number(params.id);
  const config = entityBySegment(params.entity);
  const { role } = useTenant(tenantId);
  if (!config || !Number.isSafeInteger(id) || id < 1) notFound();
  return <EntityDetail key={`${config.segment}-${id}`} config={config} tenantId={tenantId} id={id} role={role} />;
}

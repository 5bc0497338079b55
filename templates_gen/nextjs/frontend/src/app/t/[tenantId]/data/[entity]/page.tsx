"use client";
import { notFound, useParams } from "next/navigation";
import { EntityList } from "@/components/entity-list";
import { useTenant } from "@/components/session";
import { entityBySegment } from "@/lib/registry";

export default function EntityListPage() {
  const params = useParams<{ tenantId: string; entity: string }>();
  const tenantId = Number(params.tenantId);
  const config = entityBySegment(params.entity);
  const { role } = useTenant(tenantId);
  if (!config) notFound();
  return <EntityList key={config.segment} config={config} tenantId={tenantId} role={role} />;
}

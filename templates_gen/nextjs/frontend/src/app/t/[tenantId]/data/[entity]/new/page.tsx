"use client";
import { notFound, useParams, useRouter } from "next/navigation";
import { EntityForm } from "@/components/entity-form";
import { useTenant } from "@/components/session";
import { allows, humanize } from "@/lib/entity";
import { entityBySegment } from "@/lib/registry";

export default function NewEntityPage() {
  const params = useParams<{ tenantId: string; entity: string }>();
  const router = useRouter();
  const tenantId = Number(params.tenantId);
  const config = entityBySegment(params.entity);
  const { role } = useTenant(tenantId);
  if (!config) notFound();
  const list = `/t/${tenantId}/data/${config.segment}`;
  if (!allows(config, role, "create")) return <p role="alert">Your role may not create {humanize(config.plural).toLowerCase()}.</p>;
  return (
    <section>
      <h1>New {humanize(config.singular).toLowerCase()}</h1>
      <EntityForm
        config={config}
        tenantId={tenantId}
        mode="create"
        onSaved={(row) => router.push(`${list}/${row.id}`)}
        onCancel={() => router.push(list)}
      />
    </section>
  );
}

"use client";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTenant } from "@/components/session";
import { allows, humanize } from "@/lib/entity";
import { ENTITIES } from "@/lib/registry";

export default function TenantHome() {
  const tenantId = Number(useParams<{ tenantId: string }>().tenantId);
  const { tenant, role } = useTenant(tenantId);
  return (
    <section>
      <h1>{tenant?.name}</h1>
      <p className="muted">Your role: {role}</p>
      <ul className="cards">
        {ENTITIES.filter((entity) => allows(entity, role, "read")).map((entity) => (
          <li key={entity.segment}>
            <Link href={`/t/${tenantId}/data/${entity.segment}`}>{humanize(entity.plural)}</Link>
            {entity.description ? <p className="muted">{entity.description}</p> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

"use client";
/** The signed-in frame: navigation of the entities, the tenant switcher, the account menu. */
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { useSession, useTenant } from "@/components/session";
import { allows, humanize } from "@/lib/entity";
import { APP_NAME, BILLING, ENTITIES, JOBS, TENANT } from "@/lib/registry";
import { auth } from "@/lib/tenant-api";

export function Shell({ tenantId, children }: { tenantId: number; children: ReactNode }) {
  const { me } = useSession();
  const { tenant, role } = useTenant(tenantId);
  const router = useRouter();
  const pathname = usePathname();
  const base = `/t/${tenantId}`;
  const link = (href: string, label: string) => (
    <li key={href}>
      <Link href={href} aria-current={pathname === href || pathname.startsWith(`${href}/`) ? "page" : undefined}>
        {label}
      </Link>
    </li>
  );

  async function logout() {
    await auth.logout();
    // A full page load on purpose: nothing of the ended session stays in memory.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/login");
  }

  return (
    <div className="shell">
      <header className="topbar">
        <Link href={base} className="brand">
          {APP_NAME}
        </Link>
        <label htmlFor="tenant-switcher" className="visually-hidden">
          {humanize(TENANT.singular)}
        </label>
        <select id="tenant-switcher" value={String(tenantId)} onChange={(event) => router.push(`/t/${event.target.value}`)}>
          {tenant ? null : <option value={String(tenantId)}>Unknown {TENANT.singular}</option>}
          {me[TENANT.plural].map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.name}
            </option>
          ))}
        </select>
        <span className="muted account">{me.user.email}</span>
        <button type="button" onClick={logout}>
          Log out
        </button>
      </header>
      <div className="layout">
        <nav aria-label="Sections" className="sidebar">
          <ul>
            {ENTITIES.filter((entity) => allows(entity, role, "read")).map((entity) =>
              link(`${base}/data/${entity.segment}`, humanize(entity.plural)),
            )}
          </ul>
          <ul>
            {link(`${base}/members`, "Members")}
            {link(`${base}/settings`, "Settings")}
            {BILLING ? link(`${base}/billing`, "Billing") : null}
            {JOBS.length > 0 ? link(`${base}/jobs`, "Jobs") : null}
          </ul>
        </nav>
        <main id="main" className="content">
          {tenant ? children : <p role="alert">You are not a member of this {TENANT.singular}.</p>}
        </main>
      </div>
    </div>
  );
}

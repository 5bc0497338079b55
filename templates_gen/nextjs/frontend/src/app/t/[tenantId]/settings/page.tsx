"use client";
/** Rename the tenant (owners and admins) and create another one. */
import { useParams, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useSession, useTenant } from "@/components/session";
import { humanize } from "@/lib/entity";
import { describeError } from "@/lib/errors";
import { TENANT } from "@/lib/registry";
import { tenants } from "@/lib/tenant-api";

export default function SettingsPage() {
  const tenantId = Number(useParams<{ tenantId: string }>().tenantId);
  const router = useRouter();
  const { reload } = useSession();
  const { tenant, role } = useTenant(tenantId);
  const [name, setName] = useState(tenant?.name ?? "");
  const [newName, setNewName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const label = humanize(TENANT.singular);

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      await tenants.rename(tenantId, name);
      await reload();
      setMessage(`${label} renamed.`);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      const created = await tenants.create(newName);
      await reload();
      router.push(`/t/${created.id}`);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section>
      <h1>Settings</h1>
      {message ? <p role="status">{message}</p> : null}
      {error ? <p role="alert" className="error">{error}</p> : null}
      {role === "owner" || role === "admin" ? (
        <form onSubmit={rename} className="inline-form">
          <div className="field">
            <label htmlFor="tenant-name">{label} name</label>
            <input id="tenant-name" required maxLength={120} value={name} onChange={(event) => setName(event.target.value)} />
          </div>
          <button type="submit" className="primary">Rename</button>
        </form>
      ) : (
        <p>Only owners and admins change the {TENANT.singular}&apos;s settings.</p>
      )}
      <h2>New {TENANT.singular}</h2>
      <form onSubmit={create} className="inline-form">
        <div className="field">
          <label htmlFor="new-tenant-name">Name</label>
          <input id="new-tenant-name" required maxLength={120} value={newName} onChange={(event) => setNewName(event.target.value)} />
        </div>
        <button type="submit">Create {TENANT.singular}</button>
      </form>
    </section>
  );
}

"use client";
/** The signed-in person and their tenants, loaded once from /api/v1/me. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { goToLogin } from "@/lib/api";
import { ApiError } from "@/lib/errors";
import type { Role } from "@/lib/entity";
import { TENANT } from "@/lib/registry";
import { auth, type Me, type Tenant } from "@/lib/tenant-api";

interface SessionValue {
  me: Me;
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const handle = useCallback((error: unknown) => {
    if (error instanceof ApiError && error.status === 401) goToLogin();
    else setFailed(error instanceof Error ? error.message : "Could not load your account.");
  }, []);

  const reload = useCallback(() => auth.me().then(setMe, handle), [handle]);

  useEffect(() => {
    auth.me().then(setMe, handle);
  }, [handle]);

  if (failed) return <p role="alert" className="error">{failed}</p>;
  if (!me) return <p aria-live="polite" className="muted">Loading…</p>;
  return <SessionContext.Provider value={{ me, reload }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The tenant of this page and the caller's role in it (undefined when not a member). */
export function useTenant(tenantId: number): { tenant: Tenant | undefined; role: Role | undefined } {
  const { me } = useSession();
  const tenant = me[TENANT.plural].find((item) => item.id === tenantId);
  return { tenant, role: tenant?.role };
}

"use client";
import { useParams } from "next/navigation";
import type { ReactNode } from "react";
import { SessionProvider } from "@/components/session";
import { Shell } from "@/components/shell";

export default function TenantLayout({ children }: { children: ReactNode }) {
  const { tenantId } = useParams<{ tenantId: string }>();
  return (
    <SessionProvider>
      <Shell tenantId={Number(tenantId)}>{children}</Shell>
    </SessionProvider>
  );
}

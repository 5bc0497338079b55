import type { ReactNode } from "react";
import { APP_NAME } from "@/lib/registry";

/** The frame of the signed-out pages. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="narrow">
      <p className="brand">{APP_NAME}</p>
      <h1>{title}</h1>
      {children}
    </main>
  );
}

/** Where to go after logging in: a local path from ?next=, else the start page. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

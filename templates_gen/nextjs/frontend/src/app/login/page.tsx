"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { AuthCard, nextPath } from "@/components/auth-card";
import { describeError } from "@/lib/errors";
import { auth } from "@/lib/tenant-api";

export default function LoginPage() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await auth.login({ email, password });
      window.location.assign(nextPath(window.location.search));
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Log in">
      <form onSubmit={submit}>
        {error ? <p role="alert" className="error">{error}</p> : null}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link> · <Link href="/signup">Create an account</Link>
      </p>
    </AuthCard>
  );
}

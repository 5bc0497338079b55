"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { AuthCard } from "@/components/auth-card";
import { ApiError, describeError, fieldErrors } from "@/lib/errors";
import { auth } from "@/lib/tenant-api";

export default function ResetPasswordPage() {
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const token = new URLSearchParams(window.location.search).get("token") ?? "";
    try {
      await auth.confirmReset(token, password);
      setDone(true);
    } catch (failure) {
      const fields = failure instanceof ApiError ? fieldErrors(failure.details) : {};
      setError(fields.password ?? describeError(failure));
    }
  }

  return (
    <AuthCard title="Choose a new password">
      {done ? (
        <p role="status">
          Your password is changed. <Link href="/login">Log in</Link>
        </p>
      ) : (
        <form onSubmit={submit}>
          {error ? <p role="alert" className="error">{error}</p> : null}
          <div className="field">
            <label htmlFor="password">New password (8 characters or more)</label>
            <input id="password" type="password" autoComplete="new-password" minLength={8} required value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <button type="submit" className="primary">Set the password</button>
        </form>
      )}
    </AuthCard>
  );
}

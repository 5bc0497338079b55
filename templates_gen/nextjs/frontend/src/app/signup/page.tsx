"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { components } from "@/api/openapi";
import { AuthCard, nextPath } from "@/components/auth-card";
import { humanize } from "@/lib/entity";
import { ApiError, describeError, fieldErrors } from "@/lib/errors";
import { TENANT } from "@/lib/registry";
import { auth } from "@/lib/tenant-api";

const TENANT_FIELD = `${TENANT.singular}_name`;

export default function SignupPage() {
  const [values, setValues] = useState({ name: "", email: "", password: "", [TENANT_FIELD]: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      await auth.signup(values as components["schemas"]["Signup"]);
      window.location.assign(nextPath(window.location.search));
    } catch (failure) {
      if (failure instanceof ApiError) setErrors(fieldErrors(failure.details));
      setError(describeError(failure));
      setBusy(false);
    }
  }

  const fields: [string, string, string, string][] = [
    ["name", "Your name", "text", "name"],
    ["email", "Email", "email", "email"],
    ["password", "Password (8 characters or more)", "password", "new-password"],
    [TENANT_FIELD, `${humanize(TENANT.singular)} name`, "text", "organization"],
  ];
  return (
    <AuthCard title="Create an account">
      <form onSubmit={submit}>
        {error ? <p role="alert" className="error">{error}</p> : null}
        {fields.map(([name, label, type, autoComplete]) => (
          <div className="field" key={name}>
            <label htmlFor={name}>{label}</label>
            <input
              id={name}
              type={type}
              autoComplete={autoComplete}
              required
              minLength={name === "password" ? 8 : undefined}
              aria-invalid={errors[name] ? true : undefined}
              aria-describedby={errors[name] ? `${name}-error` : undefined}
              value={values[name] ?? ""}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
            {errors[name] ? <p id={`${name}-error`} className="field-error">{errors[name]}</p> : null}
          </div>
        ))}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Creating…" : "Sign up"}
        </button>
      </form>
      <p>
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </AuthCard>
  );
}

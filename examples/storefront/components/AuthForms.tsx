"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation } from "@apollo/client/react";
import { SignInDocument, SignUpDocument } from "@/gql/graphql";
import { useSession } from "@/lib/session";
import type { UserErrorLike } from "@/lib/errors";
import { FieldErrors, FormErrors } from "./FieldErrors";

// Signing in passes the guest cart's id: the API merges it into the
// customer's cart and returns that cart, whose id the session keeps.
function useSignIn() {
  const session = useSession();
  const [run, state] = useMutation(SignInDocument);
  async function signIn(email: string, password: string): Promise<readonly UserErrorLike[]> {
    const r = await run({ variables: { input: { email, password, cartId: session.cartId } } });
    const p = r.data?.customerAccessTokenCreate;
    const t = p?.customerAccessToken;
    if (!p || !t) return p?.userErrors ?? [{ code: "ERROR", message: "Could not sign in." }];
    session.signIn({ accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt, email, cartId: p.cart?.id ?? null });
    return [];
  }
  return { signIn, loading: state.loading };
}

export function SignInForm() {
  const router = useRouter();
  const { signIn, loading } = useSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const errs = await signIn(email, password);
        setErrors(errs);
        if (errs.length === 0) router.push("/account");
      }}
      data-testid="signin-form"
      noValidate
    >
      <h1>Sign in</h1>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        <FieldErrors errors={errors} field="email" />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <FieldErrors errors={errors} field="password" />
      </div>
      <FormErrors errors={errors} fields={["email", "password"]} />
      <button type="submit" disabled={loading} data-testid="signin">
        Sign in
      </button>
      <p>
        New here? <Link href="/account/signup">Create an account</Link>
      </p>
    </form>
  );
}

export function SignUpForm() {
  const router = useRouter();
  const { signIn } = useSignIn();
  const [v, setV] = useState({ firstName: "", lastName: "", email: "", password: "" });
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([]);
  const [run, { loading }] = useMutation(SignUpDocument);
  const fields = [
    ["firstName", "First name", "text"],
    ["lastName", "Last name", "text"],
    ["email", "Email", "email"],
    ["password", "Password", "password"],
  ] as const;
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await run({ variables: { input: v } });
        const errs = r.data?.customerCreate?.userErrors ?? [];
        setErrors(errs);
        if (errs.length || !r.data?.customerCreate?.customer) return;
        const signInErrors = await signIn(v.email, v.password);
        setErrors(signInErrors);
        if (signInErrors.length === 0) router.push("/account");
      }}
      data-testid="signup-form"
      noValidate
    >
      <h1>Create an account</h1>
      {fields.map(([f, label, type]) => (
        <div className="field" key={f}>
          <label htmlFor={f}>{label}</label>
          <input id={f} name={f} type={type} value={v[f]} onChange={(e) => setV({ ...v, [f]: e.target.value })} />
          <FieldErrors errors={errors} field={f} />
        </div>
      ))}
      <FormErrors errors={errors} fields={fields.map(([f]) => f)} />
      <button type="submit" disabled={loading} data-testid="signup">
        Create account
      </button>
      <p>
        Already have an account? <Link href="/account/signin">Sign in</Link>
      </p>
    </form>
  );
}

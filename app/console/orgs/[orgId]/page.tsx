"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, Card, Empty, ErrorBox, Field, fieldError, Loading, PageHeader, Select, ScrollRegion } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { API_SCOPE_LABELS, API_SCOPES, type ApiScope } from "@/server/api-tokens/scopes";
import { BankIdentity } from "./bank-identity";

export default function OrgUsersPage() {
  const { orgId } = useParams<{ orgId: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.organization.users.queryOptions({ orgId }));
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"ADMIN" | "OPERATOR">("OPERATOR");
  const invite = useMutation(trpc.organization.inviteUser.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.organization.users.queryKey({ orgId }) }) }));
  // A reset link for a user who cannot sign in (forgotten password or locked after failed sign-ins).
  const reset = useMutation(trpc.passwordReset.issue.mutationOptions());
  if (users.error) return <ErrorBox {...errorDetails(users.error)} />;
  if (!users.data) return <Loading what="Loading users" />;
  return (
    <div className="space-y-6">
      <PageHeader title="Users" subtitle={<Link href={`/console/orgs/${orgId}/audit`}>Audit log</Link>} />
      <Card>
        <ScrollRegion label="Users (scrollable table)">
          <table className="w-full text-left text-sm">
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">Name</th>
                <th scope="col" className="py-2">E-mail</th>
                <th scope="col" className="py-2">Role</th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Sign-in</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.userId} className="border-t border-slate-200">
                  <td className="py-2">{u.name}</td>
                  <td className="py-2">{u.email}</td>
                  <td className="py-2">{u.role === "ADMIN" ? "Administrator" : "Operator"}</td>
                  <td className="py-2 text-right">
                    <Button variant="secondary" busy={reset.isPending && reset.variables?.userId === u.userId} onClick={() => reset.mutate({ orgId, userId: u.userId })}>
                      Password reset link<span className="sr-only"> for {u.email}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        {reset.error ? <ErrorBox {...errorDetails(reset.error)} /> : null}
        {reset.data ? (
          <div className="mt-4 space-y-2">
            <p className="text-sm">Reset link for {reset.data.email} (valid once, until {formatDateTime(reset.data.expiresAt)}):</p>
            <CopyLink link={reset.data.link} emailed={reset.data.emailed} />
          </div>
        ) : null}
      </Card>
      <Card title="Invite a colleague">
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ orgId, email, role });
          }}
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as "ADMIN" | "OPERATOR")}>
              <option value="OPERATOR">Operator (day-to-day work)</option>
              <option value="ADMIN">Administrator (settings, users, audit log)</option>
            </Select>
          </div>
          {invite.error ? <ErrorBox {...errorDetails(invite.error)} /> : null}
          <Button type="submit" busy={invite.isPending}>
            Create invitation
          </Button>
          {invite.data ? <CopyLink link={invite.data.link} emailed={invite.data.emailed} /> : null}
        </form>
      </Card>
      <BillingIdentityCard orgId={orgId} />
      <BankIdentity orgId={orgId} />
      <ApiTokens orgId={orgId} />
    </div>
  );
}

const IDENTITY_FIELDS = [
  ["legalName", "Legal name", "As registered; shown as the seller on invoices."],
  ["vatId", "VAT number", "With the country prefix, e.g. IT01234567890."],
  ["street", "Street and number", undefined],
  ["postcode", "Postcode", undefined],
  ["city", "City", undefined],
  ["countryCode", "Country", "Two-letter ISO 3166 code, e.g. IT, AT, DE."],
  ["billingEmail", "Billing e-mail", "Where members can ask about invoices."],
] as const;
type IdentityKey = (typeof IDENTITY_FIELDS)[number][0];

/** The organization's billing identity: what it needs to issue invoices to members (EN 16931 seller). */
function BillingIdentityCard({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const identity = useQuery(trpc.organization.billingIdentity.queryOptions({ orgId }));
  const [draft, setDraft] = useState<Record<IdentityKey, string> | null>(null);
  const save = useMutation(
    trpc.organization.setBillingIdentity.mutationOptions({
      onSuccess: () => {
        setDraft(null);
        return queryClient.invalidateQueries({ queryKey: trpc.organization.billingIdentity.queryKey({ orgId }) });
      },
    }),
  );
  if (identity.error) return <ErrorBox {...errorDetails(identity.error)} />;
  if (!identity.data) return <Loading what="Loading the billing identity" />;
  const values = draft ?? (Object.fromEntries(IDENTITY_FIELDS.map(([k]) => [k, identity.data[k] ?? ""])) as Record<IdentityKey, string>);
  const problems = save.error ? errorDetails(save.error).problems : [];
  return (
    <Card title="Billing identity">
      <p className="mb-4 text-sm text-slate-600">
        When this organization issues the members&apos; invoices for a community, these details appear as the seller.
        {identity.data.missing.length ? ` Still missing for invoices: ${identity.data.missing.join(", ")}.` : " Complete: invoices can be issued."}
      </p>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ orgId, identity: values });
        }}
        noValidate
      >
        <div className="grid gap-4 sm:grid-cols-2">
          {IDENTITY_FIELDS.map(([k, label, hint]) => (
            <Field key={k} label={label} name={k} hint={hint} value={values[k]} error={fieldError(problems, k)} onChange={(e) => setDraft({ ...values, [k]: e.target.value })} />
          ))}
        </div>
        {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
        {save.isSuccess && !draft ? <p role="status" className="text-sm text-green-800">Saved.</p> : null}
        <Button type="submit" busy={save.isPending}>
          Save billing identity
        </Button>
      </form>
    </Card>
  );
}

/** Tokens for machine clients of this organization: listed without their secret, revoked, created. */
function ApiTokens({ orgId }: { orgId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiToken.list.queryKey({ orgId }) });
  const tokens = useQuery(trpc.apiToken.list.queryOptions({ orgId }));
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const create = useMutation(
    trpc.apiToken.create.mutationOptions({
      onSuccess: () => {
        setName("");
        setScopes([]);
        return refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiToken.revoke.mutationOptions({ onSuccess: refresh }));
  const [revoking, setRevoking] = useState<{ id: string; name: string; prefix: string; scopes: ApiScope[]; lastUsedAt: string | null } | null>(null);
  const problems = create.error ? errorDetails(create.error).problems : [];
  const scopesError = fieldError(problems, "scopes");
  return (
    <Card title="API tokens">
      <p className="mb-4 text-sm text-slate-600">Let other systems (a meter data importer, an accounting tool) call Dajie on behalf of this organization, limited to the scopes you choose.</p>
      {tokens.error ? (
        <ErrorBox {...errorDetails(tokens.error)} />
      ) : !tokens.data ? (
        <Loading what="Loading API tokens" />
      ) : tokens.data.length === 0 ? (
        <Empty>No API tokens yet.</Empty>
      ) : (
        <div className="space-y-4">
          {revoke.error ? <ErrorBox {...errorDetails(revoke.error)} /> : null}
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="API tokens (scrollable table)">
            <table className="w-full text-left text-sm">
              <thead className="text-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">Name</th>
                  <th scope="col" className="py-2 pr-3">Token</th>
                  <th scope="col" className="py-2 pr-3">Scopes</th>
                  <th scope="col" className="py-2 pr-3">Created</th>
                  <th scope="col" className="py-2 pr-3">Last used</th>
                  <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((t) => (
                  <tr key={t.id} className={`border-t border-slate-200 ${t.revokedAt ? "text-slate-500" : ""}`}>
                    <td className="py-2 pr-3">{t.name}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{t.prefix}…</td>
                    <td className="py-2 pr-3">
                      <ul className="flex flex-wrap gap-1" aria-label={`Scopes of ${t.name}`}>
                        {t.scopes.map((s) => (
                          <li key={s} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800" title={API_SCOPE_LABELS[s]}>
                            {s}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="py-2 pr-3">{formatDateTime(t.createdAt)}</td>
                    <td className="py-2 pr-3">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never"}</td>
                    <td className="py-2">
                      {t.revokedAt ? (
                        <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">Revoked {formatDateTime(t.revokedAt)}</span>
                      ) : (
                        <Button variant="secondary" aria-label={`Revoke ${t.name}`} busy={revoke.isPending && revoke.variables?.tokenId === t.id} onClick={() => setRevoking(t)}>
                          Revoke…
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the token “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke token"
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate({ orgId, tokenId: revoking.id });
          setRevoking(null);
        }}
      >
        <p data-testid="confirm-consequence">
          Every system that calls Dajie with the token {revoking?.prefix}… (“{revoking?.name}”) is refused from now on: it can no longer {revoking?.scopes.map((s) => API_SCOPE_LABELS[s].charAt(0).toLowerCase() + API_SCOPE_LABELS[s].slice(1)).join("; ")}.
          {revoking?.lastUsedAt ? ` It was last used ${formatDateTime(revoking.lastUsedAt)}.` : " It has never been used."}
        </p>
        <p>A revoked token cannot be restored; the integration needs a new token.</p>
      </ConfirmDialog>
      <h3 className="mt-6 mb-3 font-semibold">Create a token</h3>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ orgId, name, scopes });
        }}
        noValidate
      >
        <Field label="Name" hint="Which system will use it, so you can tell tokens apart later." value={name} onChange={(e) => setName(e.target.value)} maxLength={100} error={fieldError(problems, "name")} />
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-4" aria-describedby={scopesError ? "api-token-scopes-error" : undefined}>
          <legend className="px-1 text-sm font-medium">Scopes (what the token may do)</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
              {API_SCOPE_LABELS[s]} <span className="font-mono text-xs text-slate-600">{s}</span>
            </label>
          ))}
          {scopesError ? (
            <p id="api-token-scopes-error" className="text-sm text-red-700">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        {create.error ? <ErrorBox {...errorDetails(create.error)} /> : null}
        <Button type="submit" busy={create.isPending}>
          Create token
        </Button>
        {create.data ? <NewToken key={create.data.id} name={create.data.name} token={create.data.token} /> : null}
      </form>
    </Card>
  );
}

/** The secret of a token just created: shown this once, with a copy button. */
function NewToken({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900">
      <p className="font-medium">Token “{name}” created. Copy it now: it is shown only once and cannot be recovered.</p>
      <div className="flex flex-wrap items-center gap-2">
        <input readOnly value={token} aria-label="API token" data-testid="api-token" className="min-w-0 flex-1 rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="rounded-md border border-green-600 px-3 py-1 hover:bg-green-100"
          onClick={async () => {
            await navigator.clipboard?.writeText(token).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <p className="text-xs">
        Send it as <code className="font-mono">Authorization: Bearer {token.slice(0, 10)}…</code>. If it is lost, revoke it and create a new one.
      </p>
    </div>
  );
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CopyLink } from "@/app/_components/copy-link";
import { ConfirmDialog } from "@/app/_components/confirm-dialog";
import { Button, Card, Empty, ErrorBox, Field, fieldError, Loading, PageHeader, Select, ScrollRegion } from "@/app/_components/ui";
import { formatDateTime } from "@/app/_lib/format";
import { useLocale } from "next-intl";
import { errorDetails, useTRPC } from "@/app/_lib/trpc";
import { API_SCOPES, type ApiScope } from "@/server/api-tokens/scopes";

/** "readings:import" → "readingsImport": the scope's key in the messages (console.org.scope). */
const scopeKey = (s: ApiScope) => s.replace(/:(\w)/, (_, c: string) => c.toUpperCase()) as "readingsImport";
import { BankIdentity } from "./bank-identity";

export default function OrgPage() {
  const t = useTranslations("console.org");
  const c = useTranslations("console.common");
  const locale = useLocale();
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
  if (!users.data) return <Loading what={t("loadingUsers")} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t("title")} subtitle={<Link href={`/console/orgs/${orgId}/audit`}>{t("auditLog")}</Link>} />
      <Card title={t("usersTitle")}>
        <ScrollRegion label={t("usersTitle")}>
          <table className="w-full text-left text-sm">
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-2">{t("name")}</th>
                <th scope="col" className="py-2">{t("email")}</th>
                <th scope="col" className="py-2">{t("role")}</th>
                <th scope="col" className="py-2">
                  <span className="sr-only">{t("signIn")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.userId} className="border-t border-slate-200">
                  <td className="py-2">{u.name}</td>
                  <td className="py-2">{u.email}</td>
                  <td className="py-2">{c(`roleName.${u.role}`)}</td>
                  <td className="py-2 text-right">
                    <Button variant="secondary" busy={reset.isPending && reset.variables?.userId === u.userId} onClick={() => reset.mutate({ orgId, userId: u.userId })}>
                      {t.rich("resetLink", { email: u.email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
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
            <p className="text-sm">{t("resetFor", { email: reset.data.email, until: formatDateTime(reset.data.expiresAt, locale) })}</p>
            <CopyLink link={reset.data.link} emailed={reset.data.emailed} />
          </div>
        ) : null}
      </Card>
      <Card title={t("inviteTitle")}>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ orgId, email, role });
          }}
          noValidate
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={t("email")} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            <Select label={t("role")} value={role} onChange={(e) => setRole(e.target.value as "ADMIN" | "OPERATOR")}>
              <option value="OPERATOR">{t("roleOperator")}</option>
              <option value="ADMIN">{t("roleAdmin")}</option>
            </Select>
          </div>
          {invite.error ? <ErrorBox {...errorDetails(invite.error)} /> : null}
          <Button type="submit" busy={invite.isPending}>
            {t("createInvitation")}
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

/** The fields of the billing identity; `true` where the field has a hint (console.org.identity.<field>Hint). */
const IDENTITY_FIELDS = [
  ["legalName", true],
  ["vatId", true],
  ["street", false],
  ["postcode", false],
  ["city", false],
  ["countryCode", true],
  ["billingEmail", true],
  ["publicPhone", true],
] as const;
type IdentityKey = (typeof IDENTITY_FIELDS)[number][0];

/** The organization's billing identity: what it needs to issue invoices to members (EN 16931 seller). */
function BillingIdentityCard({ orgId }: { orgId: string }) {
  const t = useTranslations("console.org");
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
  if (!identity.data) return <Loading what={t("loadingIdentity")} />;
  const values = draft ?? (Object.fromEntries(IDENTITY_FIELDS.map(([k]) => [k, identity.data[k] ?? ""])) as Record<IdentityKey, string>);
  const problems = save.error ? errorDetails(save.error).problems : [];
  return (
    <Card title={t("identityTitle")}>
      <p className="mb-4 text-sm text-slate-600">
        {t("identityNote")} {identity.data.missing.length ? t("identityMissing", { fields: identity.data.missing.join(", ") }) : t("identityComplete")}
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
          {IDENTITY_FIELDS.map(([k, hasHint]) => (
            <Field key={k} label={t(`identity.${k}`)} name={k} hint={hasHint ? t(`identity.${k}Hint` as "identity.legalNameHint") : undefined} value={values[k]} error={fieldError(problems, k)} onChange={(e) => setDraft({ ...values, [k]: e.target.value })} />
          ))}
        </div>
        {save.error ? <ErrorBox {...errorDetails(save.error)} /> : null}
        {save.isSuccess && !draft ? <p role="status" className="text-sm text-green-800">{t("saved")}</p> : null}
        <Button type="submit" busy={save.isPending}>
          {t("saveIdentity")}
        </Button>
      </form>
    </Card>
  );
}

/** Tokens for machine clients of this organization: listed without their secret, revoked, created. */
function ApiTokens({ orgId }: { orgId: string }) {
  const t = useTranslations("console.org");
  const locale = useLocale();
  const when = (iso: string) => formatDateTime(iso, locale);
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
    <Card title={t("tokensTitle")}>
      <p className="mb-4 text-sm text-slate-600">{t("tokensNote")}</p>
      {tokens.error ? (
        <ErrorBox {...errorDetails(tokens.error)} />
      ) : !tokens.data ? (
        <Loading what={t("loadingTokens")} />
      ) : tokens.data.length === 0 ? (
        <Empty>{t("noTokens")}</Empty>
      ) : (
        <div className="space-y-4">
          {revoke.error ? <ErrorBox {...errorDetails(revoke.error)} /> : null}
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={t("tokensTitle")}>
            <table className="w-full text-left text-sm">
              <thead className="text-slate-700">
                <tr>
                  <th scope="col" className="py-2 pr-3">{t("name")}</th>
                  <th scope="col" className="py-2 pr-3">{t("token")}</th>
                  <th scope="col" className="py-2 pr-3">{t("scopes")}</th>
                  <th scope="col" className="py-2 pr-3">{t("created")}</th>
                  <th scope="col" className="py-2 pr-3">{t("lastUsed")}</th>
                  <th scope="col" className="py-2"><span className="sr-only">{t("actions")}</span></th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.map((tok) => (
                  <tr key={tok.id} className={`border-t border-slate-200 ${tok.revokedAt ? "text-slate-500" : ""}`}>
                    <td className="py-2 pr-3">{tok.name}</td>
                    <td className="py-2 pr-3 font-mono text-xs">{tok.prefix}…</td>
                    <td className="py-2 pr-3">
                      <ul className="flex flex-wrap gap-1" aria-label={t("scopesOf", { name: tok.name })}>
                        {tok.scopes.map((s) => (
                          <li key={s} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800" title={t(`scope.${scopeKey(s)}`)}>
                            {s}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="py-2 pr-3">{when(tok.createdAt)}</td>
                    <td className="py-2 pr-3">{tok.lastUsedAt ? when(tok.lastUsedAt) : t("never")}</td>
                    <td className="py-2">
                      {tok.revokedAt ? (
                        <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">{t("revokedAt", { when: when(tok.revokedAt) })}</span>
                      ) : (
                        <Button variant="secondary" aria-label={t("revokeLabel", { name: tok.name })} busy={revoke.isPending && revoke.variables?.tokenId === tok.id} onClick={() => setRevoking(tok)}>
                          {t("revoke")}
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
        title={t("revokeTitle", { name: revoking?.name ?? "" })}
        confirmLabel={t("revokeConfirm")}
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) revoke.mutate({ orgId, tokenId: revoking.id });
          setRevoking(null);
        }}
      >
        <p data-testid="confirm-consequence">
          {t("revokeConsequence", { prefix: revoking?.prefix ?? "", name: revoking?.name ?? "", what: (revoking?.scopes ?? []).map((s) => t(`scopeVerb.${scopeKey(s)}`)).join("; ") })}{" "}
          {revoking?.lastUsedAt ? t("lastUsedAt", { when: when(revoking.lastUsedAt) }) : t("neverUsed")}
        </p>
        <p>{t("cannotRestore")}</p>
      </ConfirmDialog>
      <h3 className="mt-6 mb-3 font-semibold">{t("createTitle")}</h3>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ orgId, name, scopes });
        }}
        noValidate
      >
        <Field label={t("name")} hint={t("tokenNameHint")} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} error={fieldError(problems, "name")} />
        <fieldset className="space-y-2 rounded-md border border-slate-200 p-4" aria-describedby={scopesError ? "api-token-scopes-error" : undefined}>
          <legend className="px-1 text-sm font-medium">{t("scopesLegend")}</legend>
          {API_SCOPES.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
              {t(`scope.${scopeKey(s)}`)} <span className="font-mono text-xs text-slate-600">{s}</span>
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
          {t("createToken")}
        </Button>
        {create.data ? <NewToken key={create.data.id} name={create.data.name} token={create.data.token} /> : null}
      </form>
    </Card>
  );
}

/** The secret of a token just created: shown this once, with a copy button. */
function NewToken({ name, token }: { name: string; token: string }) {
  const t = useTranslations("console.org");
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="space-y-2 rounded-md border border-green-300 bg-green-50 p-4 text-sm text-green-900">
      <p className="font-medium">{t("tokenCreated", { name })}</p>
      <div className="flex flex-wrap items-center gap-2">
        <input readOnly value={token} aria-label={t("apiToken")} data-testid="api-token" className="min-w-0 flex-1 rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.target.select()} />
        <button
          type="button"
          className="rounded-md border border-green-600 px-3 py-1 hover:bg-green-100"
          onClick={async () => {
            await navigator.clipboard?.writeText(token).catch(() => {});
            setCopied(true);
          }}
        >
          {copied ? t("copied") : t("copy")}
        </button>
      </div>
      <p className="text-xs">
        {t.rich("sendAs", { start: token.slice(0, 10), code: (chunks) => <code className="font-mono">{chunks}</code> })}
      </p>
    </div>
  );
}

// API token scopes. Plain data with no imports, so the console page can list them without pulling in the server.

export const API_SCOPES = ["readings:import", "runs:read", "exports:read", "payments:read", "invoices:issue"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What each scope allows, in the words the console shows. */
export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  "readings:import": "Import meter readings",
  "runs:read": "Read settlement runs",
  "exports:read": "Download exports",
  "payments:read": "Download SEPA payment files (members' names and IBANs)",
  "invoices:issue": "Issue a run's invoices",
};

// The ledger's entries as a file: GET …/ledger/export?format=csv|xlsx&search=&account=&kind=&sort=&dir= (the Entries list's filters and order).
import { communityAccess, withSession } from "@/server/http/route-edge";
import { listFileResponse, listFormat, listQuery } from "@/server/http/list-download";
import { exportLedgerEntries, ledgerListQuery } from "@/server/ledger/entry-list";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = withSession(communityAccess("read"), async ({ db, url, scope }) => listFileResponse(await exportLedgerEntries(db, scope.communityId, listQuery(url, ledgerListQuery), listFormat(url))));

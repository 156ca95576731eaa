// Ledger rows as binary COPY tuples, written field by field as PostgreSQL sends them (big-endian
// lengths and int8s, uuid as 16 bytes, text as UTF-8), for the tests of ledger-tuples, entry-bytes and check-tuples.
export interface TupleRow {
  seq: bigint;
  runId: string;
  kind: string;
  account: string;
  amountCents: bigint;
  energyMWh: bigint;
  reversesSeq: bigint | null;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export function tupleBytes(rows: readonly TupleRow[], options: { header?: boolean } = {}): Uint8Array {
  const parts: Buffer[] = [];
  const field = (b: Uint8Array | null) => {
    const n = Buffer.alloc(4);
    n.writeInt32BE(b === null ? -1 : b.length);
    parts.push(n);
    if (b) parts.push(Buffer.from(b));
  };
  const i8 = (v: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    return b;
  };
  if (options.header) parts.push(Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8));
  for (const r of rows) {
    parts.push(Buffer.from([0, 9]));
    field(i8(r.seq));
    field(Buffer.from(r.runId.replace(/-/g, ""), "hex"));
    field(Buffer.from(r.kind, "utf8"));
    field(Buffer.from(r.account, "utf8"));
    field(i8(r.amountCents));
    field(i8(r.energyMWh));
    field(r.reversesSeq === null ? null : i8(r.reversesSeq));
    field(r.prevHash);
    field(r.hash);
  }
  if (options.header) parts.push(Buffer.from([0xff, 0xff]));
  return new Uint8Array(Buffer.concat(parts));
}

// Input plumbing shared by all parsers: any async iterable of bytes (a Node Readable is one) is
// decoded chunk by chunk, so memory stays flat however large the file is.

/** A file's bytes: a Node Readable, a web stream reader wrapped as async iterable, or test data. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** Decodes a byte stream into text chunks; multi-byte characters split across chunks are kept whole. */
export async function* decodeText(source: ByteSource, encoding = "utf-8"): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding); // strips a UTF-8/UTF-16 BOM
  for await (const chunk of source) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A ByteSource over in-memory text or bytes, cut into small chunks so tests exercise chunk boundaries. */
export async function* bytesOf(content: string | Uint8Array, chunkSize = 4096): AsyncGenerator<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
}

/** The first bytes decoded as Latin-1 (one char per byte), enough to sniff a format or encoding. */
export function headText(firstBytes: Uint8Array, max = 65_536): string {
  let bytes = firstBytes.subarray(0, max);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
  }
  return new TextDecoder("latin1").decode(bytes);
}

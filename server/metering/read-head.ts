// The first bytes of a file: enough to detect its format and guess a CSV layout.
import { open } from "node:fs/promises";

export async function readHead(path: string, size = 65_536): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(size);
    const { bytesRead } = await file.read(buffer, 0, size, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

// A sparse bitset of interval indexes: which intervals of a channel have been seen. Memory follows
// the time span covered (one year of quarter hours = 35 040 bits ≈ 4.4 KB), not the file size or
// the order of the rows, so duplicates are found exactly even in unsorted files.

const PAGE_BITS = 1 << 15; // intervals per page (4 KB)

export class IntervalSet {
  private readonly pages = new Map<number, Uint32Array>();

  private locate(index: number): [Uint32Array | undefined, number, number] {
    const page = Math.floor(index / PAGE_BITS);
    const offset = index - page * PAGE_BITS;
    return [this.pages.get(page), offset >>> 5, 1 << (offset & 31)];
  }

  has(index: number): boolean {
    const [words, word, bit] = this.locate(index);
    return words !== undefined && ((words[word] ?? 0) & bit) !== 0;
  }

  add(index: number): void {
    const page = Math.floor(index / PAGE_BITS);
    let words = this.pages.get(page);
    if (!words) this.pages.set(page, (words = new Uint32Array(PAGE_BITS / 32)));
    const offset = index - page * PAGE_BITS;
    words[offset >>> 5] = (words[offset >>> 5] ?? 0) | (1 << (offset & 31));
  }

  /** Runs of missing indexes within [from, to), as half-open [start, end) pairs, in order. */
  *missingRuns(from: number, to: number): Generator<[number, number]> {
    let runStart: number | undefined;
    let i = from;
    while (i < to) {
      const [words, word] = this.locate(i);
      const aligned = (i - Math.floor(i / PAGE_BITS) * PAGE_BITS) % 32 === 0;
      const w = words?.[word] ?? 0;
      // Whole words at once when they are all set or all clear.
      if (aligned && i + 32 <= to && (w === 0 || w === 0xffffffff)) {
        if (w === 0) runStart ??= i;
        else if (runStart !== undefined) {
          yield [runStart, i];
          runStart = undefined;
        }
        i += 32;
        continue;
      }
      if (this.has(i)) {
        if (runStart !== undefined) yield [runStart, i];
        runStart = undefined;
      } else runStart ??= i;
      i++;
    }
    if (runStart !== undefined) yield [runStart, to];
  }
}

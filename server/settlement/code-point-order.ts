// Member ids are ordered by Unicode code point, not by JavaScript's default UTF-16 code-unit order
// (the two differ for characters beyond U+FFFF versus U+E000–U+FFFF). Every tie-break and every
// output listing uses this order, so results do not depend on the order of keys in the input.

/** Negative, zero or positive as `a` sorts before, equal to, or after `b` by code point. */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/** The distinct ids of the given collections, sorted by code point. */
export function sortedIds(...collections: Iterable<string>[]): string[] {
  // Fast path: one collection already in strictly increasing order (the engine builds its maps in
  // order, then asks again for every interval): n − 1 comparisons instead of a set and a sort.
  // (Iterators are consumed once: the spread copy is what the slow path sorts.)
  if (collections.length === 1) {
    const ids = [...collections[0]!];
    let ordered = true;
    for (let k = 1; k < ids.length && ordered; k++) ordered = compareCodePoints(ids[k - 1]!, ids[k]!) < 0;
    return ordered ? ids : [...new Set(ids)].sort(compareCodePoints);
  }
  const all = new Set<string>();
  for (const c of collections) for (const id of c) all.add(id);
  return [...all].sort(compareCodePoints);
}

// The privacy rule for public figures, in one place. Pure: no database, no clock.
//
// A public figure is a sum of members' contributions (mWh, cents, a count). It is shown only when
//   1. at least k members contribute to it (k = the community's privacy threshold), and
//   2. no single member contributes more than 30 % of it,
// and when showing it cannot reveal a member some other way:
//   3. differencing in time: when the members behind two neighbouring figures of a series differ (a
//      member joined or left, or their meter stopped sending), their difference is close to that
//      member's own figure, so the later one is hidden;
//   4. differencing across levels: months are sums of days, years of months, the total of years. An
//      observer can subtract whatever is shown. Hiding one day is worthless when the month and the
//      other days are shown: month − shown days = the hidden day. So every hidden figure must stay out
//      of reach of every combination of shown ones, and whatever *can* be worked out must itself obey
//      rules 1 and 2. More figures are hidden ("complementary suppression") until both hold.
//
// Why checking "residuals" is enough (rule 4). The figures form a tree over the finest figures
// (leaves: days, or settlement periods). For a shown figure N let R(N) be its leaves that lie under no
// other shown figure below N. The R(N) are disjoint, and the shown figures are a triangular
// recombination of the sums over the R(N): the shown figures and the R(N) sums determine each other.
// So an observer learns exactly the sum over each R(N) and nothing finer: a hidden figure can be
// worked out iff its leaves are a union of whole R(N)s, and every sum of leaves that can be worked out
// is a union of R(N)s. Rules 1 and 2 survive disjoint unions (a union has at least as many members as
// each part, and a member with at most 30 % of every part has at most 30 % of their sum). Hence:
// if every R(N) passes rules 1 and 2, every sum of leaves an observer can compute passes them; and if
// no hidden figure is a union of R(N)s, none can be recovered. Both are checked until nothing changes;
// each round hides one more figure, so it ends (in the worst case with everything hidden).
// server/transparency/privacy.property.test.ts checks the result independently, by exact linear
// algebra over random trees.
//
// Which figure to hide next is a heuristic (the proofs above hold whatever is chosen): first a leaf
// next to the hidden one, so that a month or a year stays visible, else the figure itself.

export const MAX_SHARE_PERCENT = 30;

export interface PrivacyPolicy {
  /** The community's privacy threshold: at least this many contributing members. */
  k: number;
}

/** Member → what they put into a figure. A member listed with 0 took part without contributing. */
export type Contributions = ReadonlyMap<string, bigint>;

export const SUPPRESSION_REASONS = ["FEWER_THAN_K", "DOMINANT_MEMBER", "MEMBERS_CHANGED", "PROTECTS_HIDDEN"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export type Verdict = { shown: true } | { shown: false; reason: SuppressionReason };

export interface FigureTree {
  /** Figures that are sums of their children (a month, a year, the total). */
  groups: readonly { id: string; parent: string | null }[];
  /**
   * The finest figures, in time order. A figure with more than one honest split into members (shared
   * energy: as allocated to consumers and as delivered by producers) gives one `views` entry per split;
   * every split must pass. All leaves have the same number of views.
   */
  leaves: readonly { id: string; parent: string | null; views: readonly Contributions[] }[];
  /** Figures side by side in time (all days, all months, …), in order: neighbours must have the same members. */
  series: readonly (readonly string[])[];
}

/** Rules 1 and 2 on one split: null when it may be shown. Exact: 100 · max > 30 · total. */
export function checkContributions(contributions: Contributions, policy: PrivacyPolicy): SuppressionReason | null {
  let total = 0n;
  let max = 0n;
  let count = 0;
  for (const c of contributions.values()) {
    if (c < 0n) throw new RangeError("contributions cannot be negative");
    if (c === 0n) continue;
    count++;
    total += c;
    if (c > max) max = c;
  }
  if (count < policy.k) return "FEWER_THAN_K";
  if (max * 100n > total * BigInt(MAX_SHARE_PERCENT)) return "DOMINANT_MEMBER";
  return null;
}

/** Rules 1 and 2 on a figure with one or more splits: the first failing split's reason. */
export function checkViews(views: readonly Contributions[], policy: PrivacyPolicy): SuppressionReason | null {
  for (const v of views) {
    const reason = checkContributions(v, policy);
    if (reason) return reason;
  }
  return null;
}

/** The sum of several figures' splits, member by member. */
export function sumViews(parts: readonly (readonly Contributions[])[], viewCount: number): Map<string, bigint>[] {
  const out = Array.from({ length: viewCount }, () => new Map<string, bigint>());
  for (const views of parts) {
    views.forEach((v, i) => {
      for (const [member, c] of v) out[i]!.set(member, (out[i]!.get(member) ?? 0n) + c);
    });
  }
  return out;
}

interface Node {
  id: string;
  parent: Node | null;
  children: Node[];
  /** Indices of the leaves under it (itself, for a leaf), ascending. */
  leaves: number[];
  leaf: boolean;
  depth: number;
  members: Set<string>;
}

function build(tree: FigureTree): { nodes: Node[]; byId: Map<string, Node>; leafNodes: Node[]; views: (readonly Contributions[])[] } {
  const byId = new Map<string, Node>();
  const add = (id: string, leaf: boolean) => {
    if (byId.has(id)) throw new RangeError(`figure ${id} is listed twice`);
    const node: Node = { id, parent: null, children: [], leaves: [], leaf, depth: 0, members: new Set() };
    byId.set(id, node);
    return node;
  };
  for (const g of tree.groups) add(g.id, false);
  const leafNodes = tree.leaves.map((l) => add(l.id, true));
  const viewCount = tree.leaves[0]?.views.length ?? 0;
  for (const [id, parent] of [...tree.groups, ...tree.leaves].map((x) => [x.id, x.parent] as const)) {
    if (parent === null) continue;
    const p = byId.get(parent);
    if (!p || p.leaf) throw new RangeError(`figure ${id}: its parent ${parent} is not a group`);
    const n = byId.get(id)!;
    n.parent = p;
    p.children.push(n);
  }
  tree.leaves.forEach((l, i) => {
    if (l.views.length !== viewCount || viewCount === 0) throw new RangeError(`figure ${l.id}: every leaf needs the same number (≥ 1) of splits`);
    const members = new Set<string>();
    for (const v of l.views) for (const m of v.keys()) members.add(m);
    const seen = new Set<Node>();
    for (let n: Node | null = leafNodes[i]!; n; n = n.parent) {
      if (seen.has(n)) throw new RangeError(`figure ${n.id} is its own ancestor`);
      seen.add(n);
      n.leaves.push(i);
      for (const m of members) n.members.add(m);
    }
  });
  const nodes = [...byId.values()];
  for (const n of nodes) for (let p = n.parent; p; p = p.parent) n.depth++;
  return { nodes, byId, leafNodes, views: tree.leaves.map((l) => l.views) };
}

const sameMembers = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((m) => b.has(m));

/**
 * Decides, for every figure of the tree, whether it may be shown; hidden ones get the reason.
 * `forced`: figures to hide for reasons outside the tree (e.g. they would give away a figure of
 * another tree); the rest of the table is then protected around them like around any hidden figure.
 */
export function protectFigures(tree: FigureTree, policy: PrivacyPolicy, forced: ReadonlyMap<string, SuppressionReason> = new Map()): Map<string, Verdict> {
  const { nodes, byId, leafNodes, views } = build(tree);
  const viewCount = views[0]?.length ?? 1;
  const hidden = new Map<Node, SuppressionReason>();
  const memo = new Map<string, SuppressionReason | null>();
  const checkLeaves = (leaves: readonly number[]) => {
    const key = leaves.join(",");
    let r = memo.get(key);
    if (r === undefined) {
      r = checkViews(sumViews(leaves.map((i) => views[i]!), viewCount), policy);
      memo.set(key, r);
    }
    return r;
  };

  // Rules 1 and 2 on every figure as it is.
  for (const n of nodes) {
    const reason = n.leaves.length === 0 ? "FEWER_THAN_K" : checkLeaves(n.leaves);
    if (reason) hidden.set(n, reason);
  }
  for (const [id, reason] of forced) {
    const n = byId.get(id);
    if (!n) throw new RangeError(`cannot hide unknown figure ${id}`);
    if (!hidden.has(n)) hidden.set(n, reason);
  }
  // Rule 3: the first figure after a change of members is hidden.
  for (const series of tree.series) {
    const ns = series.map((id) => {
      const n = byId.get(id);
      if (!n) throw new RangeError(`series names an unknown figure ${id}`);
      return n;
    });
    for (let i = 1; i < ns.length; i++) if (!hidden.has(ns[i]!) && !sameMembers(ns[i - 1]!.members, ns[i]!.members)) hidden.set(ns[i]!, "MEMBERS_CHANGED");
  }

  // Rule 4, until nothing changes.
  const shown = (n: Node) => !hidden.has(n);
  const shownAbove = (n: Node): Node | null => {
    for (let p = n.parent; p; p = p.parent) if (shown(p)) return p;
    return null;
  };
  const byDepth = [...nodes].sort((a, b) => b.depth - a.depth); // months before years before the total
  const leafPos = (n: Node) => n.leaves[0]!;
  const nearest = (candidates: Node[], to: readonly number[]) => {
    let best: Node | null = null;
    let bestDistance = Infinity;
    for (const c of candidates) {
      const d = to.reduce((m, i) => Math.min(m, Math.abs(i - leafPos(c))), Infinity);
      if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    return best;
  };
  /** Shown leaves that, once hidden, would fall into R(owner), outside `except`. */
  const complements = (owner: Node, except: Set<number>) => owner.leaves.map((i) => leafNodes[i]!).filter((l) => shown(l) && !except.has(leafPos(l)) && shownAbove(l) === owner);

  for (;;) {
    // owner[i]: the lowest shown figure over leaf i (R(owner) holds i); null when none is shown.
    const owner = leafNodes.map((l) => (shown(l) ? l : shownAbove(l)));
    const residual = new Map<Node, number[]>();
    owner.forEach((o, i) => {
      if (!o) return;
      const r = residual.get(o);
      if (r) r.push(i);
      else residual.set(o, [i]);
    });
    const fix = findViolation();
    if (!fix) break;
    hidden.set(fix, "PROTECTS_HIDDEN");

    function findViolation(): Node | null {
      // A shown figure whose residual breaks rules 1 or 2: hide a neighbouring leaf with it, or itself.
      for (const n of byDepth) {
        if (n.leaf || !shown(n)) continue;
        const r = residual.get(n);
        if (!r || !checkLeaves(r)) continue;
        return nearest(complements(n, new Set(r)), r) ?? n;
      }
      // A hidden figure that is a union of residuals, i.e. can be worked out.
      for (const x of byDepth) {
        if (shown(x)) continue;
        const inside = new Set(x.leaves);
        const owners = new Set<Node>();
        let covered = true;
        for (const i of x.leaves) {
          const o = owner[i];
          if (!o) covered = false;
          else owners.add(o);
        }
        if (!covered || [...owners].some((o) => residual.get(o)!.some((i) => !inside.has(i)))) continue;
        // Worked out through a figure above it: hide a leaf beyond it under that figure, or the figure.
        const above = [...owners].find((o) => isAbove(o, x));
        if (above) return nearest(complements(above, inside), x.leaves) ?? above;
        // Worked out from the figures inside it: hide the first of the highest of those.
        return [...owners].map((o) => topShownBelow(o, x)).sort((a, b) => leafPos(a) - leafPos(b))[0]!;
      }
      return null;
    }
  }

  function isAbove(a: Node, n: Node): boolean {
    for (let p = n.parent; p; p = p.parent) if (p === a) return true;
    return false;
  }

  /** The highest shown figure between `n` (shown, inside x) and x. */
  function topShownBelow(n: Node, x: Node): Node {
    let top = n;
    for (let p = n.parent; p && p !== x; p = p.parent) if (shown(p)) top = p;
    return top;
  }

  return new Map(nodes.map((n) => [n.id, hidden.has(n) ? { shown: false, reason: hidden.get(n)! } : { shown: true }]));
}

/** The numbers a reason's words need; the page says it in the visitor's language (messages "privacy.reason.*"). */
export type ReasonParams = { k?: number; maxSharePercent?: number };

export function reasonParams(reason: SuppressionReason, policy: PrivacyPolicy): ReasonParams {
  switch (reason) {
    case "FEWER_THAN_K":
      return { k: policy.k };
    case "DOMINANT_MEMBER":
      return { maxSharePercent: MAX_SHARE_PERCENT };
    case "MEMBERS_CHANGED":
    case "PROTECTS_HIDDEN":
      return {};
  }
}

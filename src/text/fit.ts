// A paragraph's measured atoms (advances, break opportunities with their penalties, what each line could
// shrink or stretch) → where its lines end: total fit (Knuth & Plass 1981) over the clreq opportunities.
//
// Two passes. The first finds the least possible worst stretch (minimax: no line looser than it needs to
// be); the second, among breakings whose every line stays within a cap, takes the fewest lines and then the
// least total cost (looseness, compression, raggedness, and penalties for breaking inside brackets, a Latin phrase or a
// word). The cap is the larger of that least worst stretch and the smaller of greedy's worst and the limit:
// so the result is never looser than greedy anywhere it matters, and never above the limit when some
// breaking keeps every line within it.

export interface FitInput {
  /** Number of atoms. */
  n: number;
  /** Advance of atom k as set in a line (compression of adjacent marks and CJK–Latin gaps included). */
  advance: Float64Array;
  /** The gap after atom k, left out when k ends a line. */
  gapAfter: Float64Array;
  isSpace: Uint8Array;
  /** A line may end before atom k. */
  canBreak: Uint8Array;
  /** A line must end before atom k. */
  mustBreak: Uint8Array;
  /** What atom k's punctuation can still give up (push-in). */
  shrink: Float64Array;
  /** Justification can add space between atom k and k + 1. */
  expands: Uint8Array;
  /** Cost of ending a line before atom k. */
  penalty: Float64Array;
  /** Width a line ending before atom k gains at its end (a hyphen), 0 for most breaks. */
  endExtraPt: Float64Array;
  /** Atom k is a letter, digit, word or ideograph (not a space, not full-width punctuation). */
  letter: Uint8Array;
  /** Atom k is an ideograph: a last line whose only letter is one is a widow. */
  ideograph: Uint8Array;
  widthPt: number;
  sizePt: number;
  justify: boolean;
  /** Count the last line's raggedness too: titles and headings, whose lines should be of a length. */
  balance: boolean;
  /** Stretch per expansion gap, in ems, above which a justified line counts as loose. */
  limitEm: number;
}

/** Where lines end (atom indices, the last one `n`). */
export type Ends = number[];

/** A line's stretch per gap in ems, or a large number for a line wider than its measure can shrink to. */
export interface LineFit {
  stretchEm: number;
  /** Shrink used, as a share of what the punctuation could give. */
  shrinkRatio: number;
  slackPt: number;
  last: boolean;
}

const EPS = 1e-6;
/** A line that cannot be made to fit counts as this much stretch plus its excess: chosen only when nothing fits. */
const OVERFULL = 1000;

/** How far a line runs past its measure (ems), where no shrinking can take it in; 0 for a line that fits. */
const overflowOf = (fit: LineFit): number => Math.max(0, fit.stretchEm - OVERFULL);
/**
 * A line's stretch as the cap compares it: an overfull line's fault is its overflow, counted apart. Were it counted
 * as stretch, one word wider than the measure would lift the cap above every other line's looseness, and the rest
 * of the paragraph could be set loose or end on a widow that a better breaking avoids.
 */
const stretchOf = (fit: LineFit): number => (fit.stretchEm >= OVERFULL ? 0 : fit.stretchEm);
/** Cost of a justified line at the stretch limit; of a ragged line half empty (1000 × ½²). */
const LOOSE_COST = 1000;
const RAGGED_COST = 1000;
/**
 * Justified text: each line costs this much, so a paragraph takes an extra line only to spare more than that
 * in looseness or compression (Knuth and Plass's line penalty); so do titles, which would rather take a
 * line more than break inside a name. Other ragged text (labels, the deck's points) takes the fewest lines.
 */
const LINE_COST = 500;
/** A paragraph's last line holding one character alone counts as this much stretch (see `line`). */
const WIDOW_EM = 0.5;

export class Fitter {
  private readonly A: Float64Array;
  private readonly S: Float64Array;
  private readonly X: Float64Array;
  private readonly L: Float64Array;
  private readonly H: Float64Array;

  constructor(private readonly f: FitInput) {
    const n = f.n;
    this.A = new Float64Array(n + 1);
    this.S = new Float64Array(n + 1);
    this.X = new Float64Array(n + 1);
    this.L = new Float64Array(n + 1);
    this.H = new Float64Array(n + 1);
    for (let k = 0; k < n; k++) {
      this.A[k + 1] = this.A[k]! + f.advance[k]!;
      this.S[k + 1] = this.S[k]! + f.shrink[k]!;
      this.X[k + 1] = this.X[k]! + f.expands[k]!;
      this.L[k + 1] = this.L[k]! + f.letter[k]!;
      this.H[k + 1] = this.H[k]! + f.ideograph[k]!;
    }
  }

  /** How the atoms [i, j) fit as one line. */
  line(i: number, j: number): LineFit {
    const f = this.f;
    let e = j;
    while (e > i && f.isSpace[e - 1]) e--;
    const extra = j < f.n ? f.endExtraPt[j]! : 0;
    const width = e > i ? this.A[e]! - this.A[i]! - f.gapAfter[e - 1]! + extra : 0;
    const last = j >= f.n || f.mustBreak[j] === 1;
    const slack = f.widthPt - width;
    // A widow counts as a loose line (clreq discourages it, as the greedy setter did): a breaking without one
    // wins unless it needs a line looser than WIDOW_EM per gap.
    const widow = last && i > 0 && this.L[j]! - this.L[i]! === 1 && this.H[j]! - this.H[i]! === 1 ? WIDOW_EM : 0;
    if (slack < -EPS) {
      const budget = this.S[e]! - this.S[i]!;
      if (-slack <= budget + EPS) return { stretchEm: widow, shrinkRatio: budget > 0 ? -slack / budget : 0, slackPt: slack, last };
      return { stretchEm: OVERFULL + (-slack - budget) / f.sizePt, shrinkRatio: 1, slackPt: slack, last };
    }
    if (!f.justify || last) return { stretchEm: widow, shrinkRatio: 0, slackPt: slack, last };
    const gaps = e - 1 > i ? this.X[e - 1]! - this.X[i]! : 0;
    // A line with nowhere to put the slack is left ragged by the setter; it counts as all its slack in one gap.
    return { stretchEm: slack / Math.max(1, gaps) / f.sizePt, shrinkRatio: 0, slackPt: slack, last };
  }

  /** The first candidate line end after `j`: a break opportunity, a forced break, or `n`. */
  private scan(j: number): number {
    const f = this.f;
    for (let k = j + 1; k < f.n; k++) if (f.mustBreak[k] || f.canBreak[k]) return k;
    return f.n;
  }

  /** The candidate after end `j` of a line from the same start, or -1: a line never runs past a forced break or the end. */
  private next(j: number): number {
    return j >= this.f.n || this.f.mustBreak[j] ? -1 : this.scan(j);
  }

  /** The worst stretch of a breaking, overfull lines apart (`stretchOf`). */
  worst(ends: Ends): number {
    let w = 0;
    let from = 0;
    for (const j of ends) {
      w = Math.max(w, stretchOf(this.line(from, j)));
      from = j;
    }
    return w;
  }

  /** How far a breaking's lines run past the measure, in ems all told. */
  overflow(ends: Ends): number {
    let o = 0;
    let from = 0;
    for (const j of ends) {
      o += overflowOf(this.line(from, j));
      from = j;
    }
    return o;
  }

  /** Pass 1: the least worst stretch of the breakings that overflow least (none, unless a word is wider than the measure). */
  private minimax(): number {
    const n = this.f.n;
    const over = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const best = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    over[0] = 0;
    best[0] = 0;
    for (let i = 0; i < n; i++) {
      if (best[i] === Number.POSITIVE_INFINITY) continue;
      let first = true;
      for (let j = this.scan(i); j > 0; j = this.next(j)) {
        const fit = this.line(i, j);
        const o = over[i]! + overflowOf(fit);
        const v = Math.max(best[i]!, stretchOf(fit));
        if (o < over[j]! - EPS || (Math.abs(o - over[j]!) <= EPS && v < best[j]!)) {
          over[j] = o;
          best[j] = v;
        }
        // Wider lines only get wider: stop once a line cannot fit (but always try the first end).
        if (fit.stretchEm >= OVERFULL && !first) break;
        first = false;
      }
    }
    return best[n]!;
  }

  private cost(fit: LineFit, i: number, j: number): number {
    const f = this.f;
    let c = 0;
    if (f.justify && !fit.last) c += LOOSE_COST * (fit.stretchEm / f.limitEm) ** 2;
    else if (!f.justify && (!fit.last || f.balance)) c += RAGGED_COST * (Math.max(0, fit.slackPt) / f.widthPt) ** 2;
    // Compressing every mark of a line to half width is as bad as a line at the stretch limit.
    c += LOOSE_COST * fit.shrinkRatio ** 2;
    if (f.justify || f.balance) c += LINE_COST;
    if (j < f.n) c += f.penalty[j]!;
    return c;
  }

  /** Pass 2: least overflow, then (ragged text but titles) fewest lines, then least cost, every line that fits stretched within `cap`. */
  private constrained(cap: number): Ends {
    const n = this.f.n;
    const over = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const lines = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const cost = new Float64Array(n + 1).fill(Number.POSITIVE_INFINITY);
    const from = new Int32Array(n + 1).fill(-1);
    over[0] = 0;
    lines[0] = 0;
    cost[0] = 0;
    for (let i = 0; i < n; i++) {
      if (lines[i] === Number.POSITIVE_INFINITY) continue;
      let first = true;
      for (let j = this.scan(i); j > 0; j = this.next(j)) {
        const fit = this.line(i, j);
        if (stretchOf(fit) <= cap + EPS) {
          // Overflow first: a line wider than the measure only where no breaking avoids it, and as little.
          const o = over[i]! + overflowOf(fit);
          const l = lines[i]! + 1;
          const c = cost[i]! + this.cost(fit, i, j);
          const byCost = this.f.justify || this.f.balance;
          const fewer = byCost ? false : l < lines[j]!;
          const same = byCost || l === lines[j]!;
          const better = o < over[j]! - EPS || (Math.abs(o - over[j]!) <= EPS && (fewer || (same && c < cost[j]! - EPS)));
          if (better) {
            over[j] = o;
            lines[j] = l;
            cost[j] = c;
            from[j] = i;
          }
        }
        if (fit.stretchEm >= OVERFULL && !first) break;
        first = false;
      }
    }
    const ends: Ends = [];
    for (let j = n; j > 0; j = from[j]!) {
      if (from[j]! < 0) throw new Error('fit: no breaking within the cap'); // the minimax breaking always is
      ends.push(j);
    }
    return ends.reverse();
  }

  /** Total fit, never looser than `greedy` (a breaking of the same atoms) where it matters. */
  fit(greedy: Ends): Ends {
    if (this.f.n === 0) return [];
    // The common case, a label or a heading that fits on one line: nothing to choose.
    if (greedy.length === 1 && this.line(0, this.f.n).stretchEm === 0) return greedy;
    // For ragged text the minimax is 0 (a widow's ½ em where none can be avoided): the cap keeps widows out.
    const best = this.minimax();
    if (!this.f.justify) return this.constrained(best);
    return this.constrained(Math.max(best, Math.min(this.worst(greedy), this.f.limitEm)));
  }
}

// The files of a `watch` session's last build, kept by what decides their bytes, so that a rebuild makes again only
// the documents an edit changed. An edit to the briefing's layout leaves the brochure as it was, and drawing its two
// PDFs again (~40 ms of a rebuild) would only give the same bytes; an edit to English that the authored edition does
// not print leaves every document as it was. (The deck's notes carry nearly every Chinese text of the dataset, so
// an edit to the data's Chinese makes both documents again.)
//
// What decides an output's bytes: the document it is written from (its rendered tree, which holds everything the
// dataset, the layouts and the edition put in it), the project it is typeset and drawn with (its theme and fonts:
// `watch` loads a new project when theme.yaml or a font changes, so the project object stands for them), the
// document's date, and the picture files it shows (watched nowhere else: their stamps). The writers read nothing
// else; every output is deterministic, so a kept file is the one that would be made.
import { fileStamp } from '../cache/stamp.js';

interface Kept {
  project: object;
  key: string;
  value: unknown;
}

export class OutputMemo {
  private readonly slots = new Map<string, Kept>();

  /** What `make` made for `key` last time in `slot` with this project (`reused`), or what it makes now (then kept instead). */
  async reuse<T>(slot: string, project: object, key: string, make: () => Promise<T>): Promise<{ value: T; reused: boolean }> {
    const kept = this.slots.get(slot);
    if (kept && kept.project === project && kept.key === key) return { value: kept.value as T, reused: true };
    // The old file is let go before the new one is made: a session holds one of each output, not two.
    this.slots.delete(slot);
    const value = await make();
    this.slots.set(slot, { project, key, value });
    return { value, reused: false };
  }
}

/** The key of a document: its rendered tree, its date and the stamps of the picture files it shows. */
export function documentKey(tree: unknown, date: Date, pictures: Iterable<string>): string {
  const stamps = [...new Set(pictures)].sort().map((path) => {
    try {
      return `${path} ${fileStamp(path)}`;
    } catch {
      return `${path} missing`;
    }
  });
  return JSON.stringify([date.toISOString(), stamps, tree]);
}

// Exit statuses of the silkpress command, one per kind of failure, stable for scripts and CI.
export const EXIT = {
  /** Everything worked (warnings may have been printed). */
  ok: 0,
  /** A content error: the data, a template, the theme or a font. The message says where. */
  content: 1,
  /** A usage error: an unknown command or option, a bad option value. */
  usage: 2,
  /** A bug in silkpress itself: please report it. */
  bug: 3,
} as const;

// Types for the `hyphen` package (TeX hyphenation patterns, Liang's algorithm), which ships none.
declare module 'hyphen/en-us/index.js' {
  const hyphen: {
    /** The text with `hyphenChar` (default U+00AD) at every hyphenation point the patterns allow. */
    hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
  };
  export default hyphen;
}

#!/usr/bin/env node
// The installed command's entry (bundled to dist/cli/main.js): turn on node's on-disk module compile cache where
// the running node has it (22.1 and later), before anything else is loaded, then start the command line.
import module from 'node:module';

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./main.js');

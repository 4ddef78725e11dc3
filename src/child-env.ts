// The environment of the node processes silkpress starts itself (the batch workers, the picture process).
//
// Node reads NODE_EXTRA_CA_CERTS as it starts, before any code runs, and parses every certificate in it with
// its own built-in ones: with a system bundle there (/etc/ssl/certs/ca-certificates.crt, as on many CI and
// corporate machines) that is ~45 ms of every start (`node -e 0`: 80 ms with it, 34 ms without, on the bench
// machine). silkpress's own processes never open a network connection, so theirs go without it; everything
// else is passed on as it is.

/** `process.env` with `extra` added, less what only network connections use. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

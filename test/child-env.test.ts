// The node processes silkpress starts (batch workers, the picture process) go without NODE_EXTRA_CA_CERTS,
// which node would parse as each starts (src/child-env.ts); everything else reaches them.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { childEnv } from '../src/child-env.js';

const saved = process.env.NODE_EXTRA_CA_CERTS;
afterEach(() => {
  if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = saved;
});

describe('the environment of silkpress’s own processes', () => {
  it('passes on everything but NODE_EXTRA_CA_CERTS, with what the caller adds', () => {
    process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
    const env = childEnv({ SILKPRESS_TEST_ADDED: 'yes' });
    expect(env.NODE_EXTRA_CA_CERTS).toBeUndefined();
    expect(env.SILKPRESS_TEST_ADDED).toBe('yes');
    expect(env.PATH).toBe(process.env.PATH);
    // The caller's process keeps its own.
    expect(process.env.NODE_EXTRA_CA_CERTS).toBe('/etc/ssl/certs/ca-certificates.crt');
  });

  it('starts a node that sees no NODE_EXTRA_CA_CERTS, even when the caller adds one', () => {
    process.env.NODE_EXTRA_CA_CERTS = '/etc/ssl/certs/ca-certificates.crt';
    const seen = execFileSync(process.execPath, ['-p', 'JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.SILKPRESS_TEST_ADDED])'], {
      env: childEnv({ SILKPRESS_TEST_ADDED: 'yes', NODE_EXTRA_CA_CERTS: '/elsewhere.crt' }),
      encoding: 'utf8',
    });
    expect(JSON.parse(seen)).toEqual([null, 'yes']);
  });
});

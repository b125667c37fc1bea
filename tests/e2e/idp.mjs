// The local OpenID Connect provider (tests/idp/server.mjs) for the end-to-end tests: start it on an
// ephemeral port, then stop and restart it on that same port (so the issuer the app knows stays
// valid), revoke an account's grants through its test controls. Its output goes to
// target/e2e/logs/idp.log; it is killed when the test process exits.
//
//   const idp = await startIdp();   idp.issuer  // http://127.0.0.1:<port>
//   await idp.stop();  await idp.restart();  await idp.revoke('demo');

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { log, logFile, repoRoot, stopChild, tail, track } from './processes.mjs';

const serverPath = join(repoRoot, 'tests', 'idp', 'server.mjs');
export const CLIENT_ID = 'quire-desktop';

export class Idp {
  constructor() {
    this.child = null;
    this.port = 0; // 0 until the first start picked one; then fixed
    this.issuer = null;
    this.logPath = logFile('idp');
    this.out = createWriteStream(this.logPath, { flags: 'a' });
  }

  get running() {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Start the provider (on the port of the first start, if any); resolves once it prints READY. */
  async start({ timeoutMs = 15_000 } = {}) {
    if (this.running) throw new Error('the IdP is already running');
    if (!existsSync(join(repoRoot, 'tests', 'idp', 'node_modules', 'oidc-provider'))) {
      throw new Error('tests/idp/node_modules is missing: run `npm ci --prefix tests/idp` (scripts/setup does it).');
    }
    const started = Date.now();
    this.out.write(`--- ${new Date().toISOString()} starting on port ${this.port || '(any)'}\n`);
    const env = {
      ...process.env,
      IDP_PORT: String(this.port),
      IDP_CLIENT_ID: CLIENT_ID,
      IDP_TEST_CONTROL: '1',
      IDP_LOG: '1',
      NO_COLOR: '1',
    };
    delete env.IDP_STATE_FILE; // in memory: a restart loses every grant
    delete env.IDP_REDIRECT_URIS; // the defaults are the app's
    const child = track(spawn(process.execPath, [serverPath], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env }), 'idp');
    this.child = child;
    child.stderr.pipe(this.out, { end: false });
    const issuer = await new Promise((res, rej) => {
      let buf = '';
      const timer = setTimeout(() => rej(new Error(`the IdP did not print READY within ${timeoutMs} ms`)), timeoutMs);
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d) => {
        this.out.write(d);
        buf += d;
        const m = /^READY (\S+)$/m.exec(buf);
        if (m) {
          clearTimeout(timer);
          res(m[1]);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        rej(new Error(`the IdP exited (${code ?? signal}) before it was ready`));
      });
    }).catch((err) => {
      throw new Error(`${err.message}\n--- ${this.logPath}:\n${tail(this.logPath, 15)}`);
    });
    const port = Number(new URL(issuer).port);
    if (this.issuer && issuer !== this.issuer) throw new Error(`the IdP came back as ${issuer}, not ${this.issuer}`);
    this.issuer = issuer;
    this.port = port;
    log(`[idp] READY ${issuer} (${Date.now() - started} ms)`);
    return this;
  }

  /** Stop the provider (its keys, sessions and grants go with it). */
  async stop() {
    if (!this.child) return;
    await stopChild(this.child);
    this.child = null;
    log('[idp] stopped');
  }

  /** Stop and start again on the same port: the issuer stays, every grant is gone. */
  async restart() {
    await this.stop();
    return this.start();
  }

  async #control(method, path) {
    const res = await fetch(`${this.issuer}${path}`, { method, signal: AbortSignal.timeout(5_000) });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`IdP ${method} ${path}: HTTP ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** Destroy every grant (and token) of the account `sub`. Resolves with {sub, revoked_grants}. */
  revoke(sub) {
    return this.#control('POST', `/_test/revoke?sub=${encodeURIComponent(sub)}`);
  }

  health() {
    return this.#control('GET', '/_test/health');
  }
}

/** Start a provider for this test file. */
export function startIdp() {
  return new Idp().start();
}

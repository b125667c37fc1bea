// The filled journal the start-up and memory probes share (tests/bench/startup.mjs, probe.mjs).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { appLogLines } from '../e2e/auth.mjs';
import { log, repoRoot, sleep } from '../e2e/harness.mjs';
import { launchAndSignIn } from '../e2e/journal.mjs';

/** How long after opening a journal the app starts a catch-up analysis (shell/analysis_worker.rs), plus margin. */
const CATCH_UP_STARTS_WITHIN_MS = 6_000;

/**
 * How to run examples/fill on the journal the app made in `dataDir`: its arguments and environment.
 * The journal is encrypted under a key kept in the keyring, so fill looks there as the app did: under
 * the data dir's keyring service, on the harness's session bus (the environment the app gets).
 */
export function fillCommand(h, dataDir, size) {
  return {
    args: ['--data-dir', dataDir, '--entries', String(size), '--keyring-service', h.keyringServiceFor(dataDir)],
    env: h.env(h.homeFor(dataDir)),
  };
}

/**
 * Signs in once as the demo account, fills that journal with `size` made-up entries
 * (examples/fill) and stops the identity provider: later launches are signed in and offline.
 * Resolves with the data folder.
 */
export async function filledJournal(h, size, label) {
  const dataDir = h.newDataDir('journal');
  const { app } = await launchAndSignIn(h, { dataDir, label });
  await app.quit();
  const { args, env } = fillCommand(h, dataDir, size);
  log(execFileSync(join(repoRoot, 'target/release/examples/fill'), args, { env }).toString().trim());
  await h.idp.stop();
  return dataDir;
}

/** With the journal in `dataDir` open, waits for the analysis a freshly filled journal gets once. */
export async function catchUpDone(dataDir) {
  const logText = () => appLogLines(dataDir).join('\n');
  await sleep(CATCH_UP_STARTS_WITHIN_MS);
  if (!logText().includes('analysis job under way')) return;
  log('waiting for the catch-up analysis');
  while (!logText().includes('analysis job finished')) await sleep(1_000);
  log('catch-up done');
}

// File-backed storage for the local test provider (server.mjs), FOR THE LOCAL DEMO ONLY: it keeps
// grants, tokens, sessions and interactions in one JSON file so that a restarted demo provider
// still knows the app's refresh token. Every record lives in memory and the whole file is rewritten
// (atomically, mode 0600) after each change, so it suits one person on one computer, nothing more.
// Not for production: no locking between processes, no encryption, secrets in plain text.
//
// The file holds { "<model>": { "<id>": { "payload": {...}, "expiresAt": <epoch seconds|null> } } }.
// The adapter interface is oidc-provider's (see its lib/adapters/memory_adapter.js).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const epochTime = () => Math.floor(Date.now() / 1000);
const isExpired = (record) => record.expiresAt != null && record.expiresAt <= epochTime();

/** Replaces `file` with `text` atomically: a fresh temp file (mode 0600) in its folder, renamed. */
export function writePrivateFile(file, text) {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The text of `file`; on first run, `make()`'s text, written there first (mode 0600). */
export function readOrCreate(file, make) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  const text = make();
  writePrivateFile(file, text);
  return text;
}

/** Loads `file` (dropping expired records) and returns an adapter class backed by it. */
export function fileAdapter(file) {
  /** Records by id, one Map per model name. */
  const models = new Map();
  try {
    for (const [name, records] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
      models.set(name, new Map(Object.entries(records).filter(([, record]) => !isExpired(record))));
    }
  } catch (error) {
    if (error.code !== 'ENOENT') console.error(`[idp] ignoring unreadable ${file}: ${error.message}`);
  }

  function save() {
    const state = {};
    for (const [name, records] of models) state[name] = Object.fromEntries(records);
    writePrivateFile(file, `${JSON.stringify(state, null, 1)}\n`);
  }

  return class FileAdapter {
    /** The unexpired payloads of one model (server.mjs reads the grants to rebuild its index). */
    static payloads(name) {
      return [...(models.get(name)?.values() ?? [])]
        .filter((record) => !isExpired(record)).map((record) => structuredClone(record.payload));
    }

    constructor(name) {
      if (!models.has(name)) models.set(name, new Map());
      this.records = models.get(name);
    }

    async upsert(id, payload, expiresIn) {
      const expiresAt = expiresIn ? epochTime() + expiresIn : null;
      this.records.set(id, { payload: JSON.parse(JSON.stringify(payload)), expiresAt });
      save();
    }

    async find(id) {
      const record = this.records.get(id);
      if (!record) return undefined;
      if (isExpired(record)) {
        this.records.delete(id);
        save();
        return undefined;
      }
      return structuredClone(record.payload);
    }

    /** The id of the first record whose payload has `key` equal to `value`. */
    idWhere(key, value) {
      for (const [id, record] of this.records) if (record.payload[key] === value) return id;
      return undefined;
    }

    async findByUid(uid) {
      const id = this.idWhere('uid', uid);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode) {
      const id = this.idWhere('userCode', userCode);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id) {
      const record = this.records.get(id);
      if (!record) return;
      record.payload.consumed = epochTime();
      save();
    }

    async destroy(id) {
      if (this.records.delete(id)) save();
    }

    async revokeByGrantId(grantId) {
      const ids = [...this.records].filter(([, r]) => r.payload.grantId === grantId).map(([id]) => id);
      for (const id of ids) this.records.delete(id);
      if (ids.length) save();
    }
  };
}

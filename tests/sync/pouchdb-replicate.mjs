// Replicates a database from a CouchDB-protocol server into a new local PouchDB (LevelDB in the
// folder given), as an independent second client of the format Quire's sync writes, and prints
// what it holds as JSON: the live document count, and how many documents have conflicts.
//
// node tests/sync/pouchdb-replicate.mjs <database url with credentials> <folder>
import PouchDB from 'pouchdb';

const [source, folder] = process.argv.slice(2);
if (!source || !folder) {
  console.error('usage: pouchdb-replicate.mjs <database url> <folder>');
  process.exit(2);
}
const local = new PouchDB(folder);
const result = await local.replicate.from(new PouchDB(source));
if (!result.ok || result.doc_write_failures > 0) {
  console.error('replication failed', JSON.stringify(result));
  process.exit(1);
}
const all = await local.allDocs({ conflicts: true, include_docs: true });
const conflicted = all.rows.filter((row) => row.doc && row.doc._conflicts).length;
const info = await local.info();
console.log(JSON.stringify({ doc_count: info.doc_count, conflicted, written: result.docs_written }));
await local.close();

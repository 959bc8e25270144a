// Drives a raftlite node through rqlite-js 2.5.7, a client nobody here wrote: node rqlite-js-client.js <url>
// Prints one JSON line with what the client saw; any failed expectation exits non-zero.
const assert = require('assert')
const { DataApiClient } = require('rqlite-js')

async function main(url) {
  const client = new DataApiClient(url)
  const seen = {}

  let results = await client.execute('CREATE TABLE js (id INTEGER NOT NULL PRIMARY KEY, name TEXT, score REAL)')
  assert.ok(!results.hasError(), JSON.stringify(results.getFirstError()))

  results = await client.execute([
    ['INSERT INTO js(name, score) VALUES(?, ?)', 'fiona', 1.5],
    ['INSERT INTO js(name, score) VALUES(?, ?)', 'declan', 2],
  ], { transaction: true })
  assert.ok(!results.hasError(), JSON.stringify(results.getFirstError()))
  seen.insertIds = [results.get(0).getLastInsertId(), results.get(1).getLastInsertId()]
  seen.rowsAffected = results.get(1).getRowsAffected()

  results = await client.query('SELECT id, name, score FROM js ORDER BY id')
  assert.ok(!results.hasError(), JSON.stringify(results.getFirstError()))
  seen.rows = results.toArray()

  results = await client.query('SELECT name FROM js WHERE id = 2', { level: 'strong' })
  seen.strongName = results.get(0).get('name')

  results = await client.execute('UPDATE js SET name = "justin" WHERE name = "fiona"')
  seen.updated = results.get(0).getRowsAffected()

  results = await client.execute('INSERT INTO nosuch VALUES(1)')
  assert.ok(results.hasError())
  seen.error = results.getFirstError().toString()

  console.log(JSON.stringify(seen))
}

main(process.argv[2]).catch((e) => {
  console.error(e)
  process.exit(1)
})

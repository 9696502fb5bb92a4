// Lint Cypher with Neo4j's grammar.
// stdin: {"schema": DbSchema, "queries": [{"name": ..., "text": ..., "parameters": {name: sample value}}]}
// stdout: [{"name": ..., "diagnostics": [{"severity": 1|2, "message": ..., "line": n, "column": n}]}]
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { schema, queries } = JSON.parse(input);
const results = queries.map(({ name, text, parameters }) => ({
  name,
  diagnostics: lintCypherQuery(text, { ...schema, parameters: parameters ?? {} }).diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  })),
}));
process.stdout.write(JSON.stringify(results));

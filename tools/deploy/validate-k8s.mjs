// Validates Kubernetes objects against the official OpenAPI schemas, as shipped by the npm
// package kubernetes-models (one class per apiVersion and kind, each with `validate()`).
// Reads a multi-document YAML stream on stdin and prints one JSON line: the objects checked
// and the problems found. An ES module because kubernetes-models is published as ESM only.
import { parseAllDocuments } from 'yaml';

const input = await new Promise((resolve, reject) => {
  const chunks = [];
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  process.stdin.on('error', reject);
});

const checked = [];
const problems = [];
for (const doc of parseAllDocuments(input)) {
  if (doc.errors.length > 0) {
    problems.push(`YAML: ${doc.errors.map((error) => error.message).join('; ')}`);
    continue;
  }
  const object = doc.toJS();
  if (object === null || object === undefined) continue;
  const { apiVersion, kind } = object;
  const name = `${kind}/${object.metadata?.name ?? '?'}`;
  checked.push(name);
  // apps/v1 -> kubernetes-models/apps/v1/Deployment; v1 -> kubernetes-models/v1/Service
  const modulePath = `kubernetes-models/${apiVersion}/${kind}`;
  let Model;
  try {
    Model = (await import(modulePath))[kind];
  } catch {
    problems.push(`${name}: no schema for ${apiVersion} ${kind}`);
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.stdout.write(`${JSON.stringify({ checked, problems })}\n`);

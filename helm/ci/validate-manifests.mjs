// Validates every object of rendered manifests (helm template output) against the Kubernetes API schemas, as an API
// server would, with no cluster: the npm package kubernetes-models for the built-in kinds and
// @kubernetes-models/prometheus-operator for ServiceMonitor and PrometheusRule (the operator's CRD schemas).
//
// Their schemas accept fields they do not define (so would an API server that prunes them silently), so this script
// refuses those too: while a schema validates an object, it reads each property it defines; a property it never read
// is unknown to it (a typo such as `replica:` or a field at the wrong level). Objects whose schema defines no
// properties (free-form maps: labels, data) have their keys enumerated, and are not judged this way.
//
// Usage: node validate-manifests.mjs rendered.yaml...   Exit status 1 with one line per problem, or 0.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import yaml from "js-yaml";

const require = createRequire(import.meta.url);

/** API groups served by other packages than kubernetes-models. */
const PACKAGES = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

function modelOf(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const pkg = PACKAGES[group] ?? "kubernetes-models";
  try {
    return require(`${pkg}/${group ? `${group}/` : ""}${version}`)[kind] ?? null;
  } catch {
    return null;
  }
}

/**
 * A proxy of `value` (deeply) that records, per object, which properties were read and whether its keys were listed,
 * into `seen`: a Map from each object to {read: Set, listed: boolean, path}.
 */
function watched(value, path, seen) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const record = { read: new Set(), listed: false, path };
  const target = Array.isArray(value) ? [] : {};
  for (const [key, child] of Object.entries(value)) {
    target[key] = watched(child, `${path}/${key}`, seen);
  }
  if (!Array.isArray(value)) {
    seen.set(target, record);
  }
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === "string") {
        record.read.add(key);
      }
      return Reflect.get(t, key, receiver);
    },
    has(t, key) {
      if (typeof key === "string") {
        record.read.add(key);
      }
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      record.listed = true;
      return Reflect.ownKeys(t);
    },
  });
}

function problemsOf(object) {
  const Model = modelOf(String(object.apiVersion), String(object.kind));
  if (!Model) {
    return [`no schema for ${object.apiVersion} ${object.kind}: not validated, so refused`];
  }
  const seen = new Map();
  const proxy = watched(object, "", seen);
  try {
    Model.prototype.validate.call(proxy);
  } catch (e) {
    return [String(e.message ?? e)];
  }
  const problems = [];
  for (const [target, record] of seen) {
    if (record.listed || record.read.size === 0) {
      continue;
    }
    for (const key of Object.keys(target)) {
      if (!record.read.has(key)) {
        problems.push(`${record.path}/${key}: unknown field`);
      }
    }
  }
  return problems;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const objects = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d);
  const kinds = {};
  let problems = 0;
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
    for (const problem of problemsOf(object)) {
      console.error(`${file}: ${name}: ${problem}`);
      problems++;
    }
  }
  const summary = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
  console.log(`${file}: ${objects.length} objects (${summary}): ${problems ? `${problems} problems` : "valid"}`);
  failed ||= problems > 0;
}
process.exit(failed ? 1 : 0);

// Validates rendered Kubernetes objects (YAML on stdin, from `kubectl kustomize kubernetes/`) against the
// Kubernetes schemas with kubernetes-models, offline, and prints one line per object: kind/name.
const yaml = require('js-yaml')
const fs = require('fs')

const modules = {
  'v1/ConfigMap': () => require('kubernetes-models/v1/ConfigMap').ConfigMap,
  'v1/Service': () => require('kubernetes-models/v1/Service').Service,
  'apps/v1/StatefulSet': () => require('kubernetes-models/apps/v1/StatefulSet').StatefulSet,
  'apps/v1/Deployment': () => require('kubernetes-models/apps/v1/Deployment').Deployment,
  'policy/v1/PodDisruptionBudget': () => require('kubernetes-models/policy/v1/PodDisruptionBudget').PodDisruptionBudget,
}

const docs = yaml.loadAll(fs.readFileSync(0, 'utf8')).filter(Boolean)
for (const doc of docs) {
  const key = `${doc.apiVersion}/${doc.kind}`
  const load = modules[key]
  if (!load) {
    console.error(`no schema for ${key}`)
    process.exit(1)
  }
  const Model = load()
  new Model(doc).validate()
  console.log(`${doc.kind}/${doc.metadata.name}`)
}

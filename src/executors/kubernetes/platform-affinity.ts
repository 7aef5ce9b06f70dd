import type {
  V1LabelSelector,
  V1NodeAffinity,
  V1NodeSelectorRequirement,
  V1NodeSelectorTerm,
  V1PodAffinity,
  V1PodAffinityTerm,
  V1PreferredSchedulingTerm,
  V1WeightedPodAffinityTerm,
} from '@kubernetes/client-node';
import type { JsonValue } from '../../ir/index.js';
import { isJsonObject } from '../../ir/index.js';
import {
  type JsonObject,
  objectAt,
  ownValue,
  resolvePlatformValue,
  stringAt,
} from '../../launcher/kubernetes/platform-value.js';
import type { PlatformBuild } from './platform-build.js';
import { entriesOf, integerOf, stringList, stringMap } from './platform-json.js';

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const LABEL_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** `nodeAffinity`: terms with a weight are preferred, others required; `nodeAffinityJson` adds a whole NodeAffinity. */
export function applyNodeAffinity(build: PlatformBuild, value: JsonValue): void {
  const required: V1NodeSelectorTerm[] = [];
  const preferred: V1PreferredSchedulingTerm[] = [];
  for (const [at, entry] of entriesOf(build, 'nodeAffinity', value)) {
    const json = objectAt(entry, 'nodeAffinityJson');
    if (json) {
      const parsed = build.jsonOf(`${at}.nodeAffinityJson`, resolvePlatformValue(json, build.scope));
      if (parsed === undefined) continue;
      const affinity = nodeAffinityJson(build, `${at}.nodeAffinityJson`, parsed);
      required.push(...(affinity.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []));
      preferred.push(...(affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []));
      continue;
    }
    const term: V1NodeSelectorTerm = {};
    const expressions = requirements(
      build,
      `${at}.matchExpressions`,
      ownValue(entry, 'matchExpressions'),
      NODE_OPERATORS,
    );
    const fields = requirements(build, `${at}.matchFields`, ownValue(entry, 'matchFields'), ['In', 'NotIn']);
    if (expressions.length === 0 && fields.length === 0) continue; // KFP skips an empty term
    if (expressions.length > 0) term.matchExpressions = expressions;
    if (fields.length > 0) term.matchFields = fields;
    const weight = weightOf(build, at, entry);
    if (weight === undefined) required.push(term);
    else preferred.push({ weight, preference: term });
  }
  if (required.length === 0 && preferred.length === 0) return;
  const affinity: V1NodeAffinity = {};
  if (required.length > 0)
    affinity.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: required };
  if (preferred.length > 0) affinity.preferredDuringSchedulingIgnoredDuringExecution = preferred;
  build.parts.affinity = { ...build.parts.affinity, nodeAffinity: affinity };
}

/** `podAffinity`: pod affinity terms, or anti-affinity with `anti`; a weight makes a term preferred. */
export function applyPodAffinity(build: PlatformBuild, value: JsonValue): void {
  const affinity: TermLists = { required: [], preferred: [] };
  const anti: TermLists = { required: [], preferred: [] };
  for (const [at, entry] of entriesOf(build, 'podAffinity', value)) {
    const topologyKey = stringAt(entry, 'topologyKey');
    if (topologyKey === undefined) {
      build.fail(
        `${at}.topologyKey`,
        'is empty',
        'Give a node label as topology key, e.g. "kubernetes.io/hostname".',
      );
    }
    const term: V1PodAffinityTerm = { topologyKey };
    const pods = selector(build, at, entry, 'matchPodExpressions', 'matchPodLabels');
    if (pods) term.labelSelector = pods;
    const namespaces = ownValue(entry, 'namespaces');
    if (namespaces !== undefined) term.namespaces = stringList(build, `${at}.namespaces`, namespaces);
    const spaces = selector(build, at, entry, 'matchNamespaceExpressions', 'matchNamespaceLabels');
    if (spaces) term.namespaceSelector = spaces;
    const target = ownValue(entry, 'anti') === true ? anti : affinity;
    const weight = weightOf(build, at, entry);
    if (weight === undefined) target.required.push(term);
    else target.preferred.push({ weight, podAffinityTerm: term });
  }
  const podAffinity = podAffinityOf(affinity);
  const podAntiAffinity = podAffinityOf(anti);
  if (podAffinity) build.parts.affinity = { ...build.parts.affinity, podAffinity };
  if (podAntiAffinity) build.parts.affinity = { ...build.parts.affinity, podAntiAffinity };
}

interface TermLists {
  readonly required: V1PodAffinityTerm[];
  readonly preferred: V1WeightedPodAffinityTerm[];
}

function podAffinityOf(terms: TermLists): V1PodAffinity | undefined {
  if (terms.required.length === 0 && terms.preferred.length === 0) return undefined;
  return {
    ...(terms.required.length > 0 ? { requiredDuringSchedulingIgnoredDuringExecution: terms.required } : {}),
    ...(terms.preferred.length > 0
      ? { preferredDuringSchedulingIgnoredDuringExecution: terms.preferred }
      : {}),
  };
}

function nodeAffinityJson(build: PlatformBuild, field: string, parsed: JsonValue): V1NodeAffinity {
  const known = [
    'requiredDuringSchedulingIgnoredDuringExecution',
    'preferredDuringSchedulingIgnoredDuringExecution',
  ];
  if (!isJsonObject(parsed) || Object.keys(parsed).some((key) => !known.includes(key))) {
    build.fail(
      field,
      `is ${JSON.stringify(parsed)}, not a Kubernetes NodeAffinity`,
      `Pass an object with ${known.join(' and/or ')}.`,
    );
  }
  return parsed as V1NodeAffinity;
}

function requirements(
  build: PlatformBuild,
  field: string,
  value: JsonValue | undefined,
  operators: readonly string[],
): V1NodeSelectorRequirement[] {
  return entriesOf(build, field, value ?? null).map(([at, entry]) => {
    const key = stringAt(entry, 'key');
    const operator = stringAt(entry, 'operator') ?? '';
    const values = stringList(build, `${at}.values`, ownValue(entry, 'values') ?? []);
    if (key === undefined) build.fail(`${at}.key`, 'is empty', 'Give the label key to match.');
    if (!operators.includes(operator)) {
      build.fail(`${at}.operator`, `is ${JSON.stringify(operator)}`, `Use one of ${operators.join(', ')}.`);
    }
    const wantsValues = operator === 'In' || operator === 'NotIn';
    const single = operator === 'Gt' || operator === 'Lt';
    if (
      (wantsValues && values.length === 0) ||
      (!wantsValues && !single && values.length > 0) ||
      (single && values.length !== 1)
    ) {
      build.fail(
        `${at}.values`,
        `is ${JSON.stringify(values)} with operator "${operator}"`,
        'Give values with In/NotIn, exactly one number with Gt/Lt, and none with Exists/DoesNotExist.',
      );
    }
    return { key, operator, ...(values.length > 0 ? { values } : {}) };
  });
}

function selector(
  build: PlatformBuild,
  at: string,
  entry: JsonObject,
  expressionsKey: string,
  labelsKey: string,
): V1LabelSelector | undefined {
  const expressions = requirements(
    build,
    `${at}.${expressionsKey}`,
    ownValue(entry, expressionsKey),
    LABEL_OPERATORS,
  );
  const labels = stringMap(build, `${at}.${labelsKey}`, ownValue(entry, labelsKey));
  if (expressions.length === 0 && Object.keys(labels).length === 0) return undefined;
  return {
    ...(expressions.length > 0 ? { matchExpressions: expressions } : {}),
    ...(Object.keys(labels).length > 0 ? { matchLabels: labels } : {}),
  };
}

function weightOf(build: PlatformBuild, at: string, entry: JsonObject): number | undefined {
  const raw = ownValue(entry, 'weight');
  if (raw === undefined || raw === null) return undefined;
  const weight = integerOf(raw);
  if (weight === undefined || weight < 1 || weight > 100) {
    build.fail(`${at}.weight`, `is ${JSON.stringify(raw)}`, 'Use a whole number from 1 to 100.');
  }
  return weight;
}

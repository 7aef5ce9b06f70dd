// Kubernetes name rules (apimachinery validation), checked before a pod or PVC is sent so the
// error names the platform field instead of coming back as an API 422.

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** True for a DNS-1123 label: lowercase alphanumerics and '-', at most 63 chars (volume names). */
export function isDnsLabel(text: string): boolean {
  return text.length <= 63 && LABEL.test(text);
}

/** True for a DNS-1123 subdomain: labels joined by '.', at most 253 chars (Secret, ConfigMap, PVC names). */
export function isDnsSubdomain(text: string): boolean {
  return text.length <= 253 && SUBDOMAIN.test(text);
}

/** True for a label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name at most 63 chars. */
export function isQualifiedName(text: string): boolean {
  const slash = text.lastIndexOf('/');
  const name = slash === -1 ? text : text.slice(slash + 1);
  const prefix = slash === -1 ? undefined : text.slice(0, slash);
  if (prefix !== undefined && !isDnsSubdomain(prefix)) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** True for a label value: empty, or at most 63 alphanumerics, '-', '_', '.' starting and ending alphanumeric. */
export function isLabelValue(text: string): boolean {
  return text.length <= 63 && LABEL_VALUE.test(text);
}

/** True for an environment variable name Kubernetes accepts (a C identifier, also with '-' and '.'). */
export function isEnvVarName(text: string): boolean {
  return ENV_NAME.test(text);
}

/** `text` made into a DNS-1123 label (lowercased, other characters as '-', at most `maxLength`), or '' if nothing is left. */
export function toDnsLabel(text: string, maxLength = 63): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
}

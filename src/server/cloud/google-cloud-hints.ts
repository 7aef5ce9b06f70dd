import { readFile } from 'node:fs/promises';
import { settleWithin } from './deadline.js';

/** Where `cloud.metadata: auto` looks for hints of Google Cloud: environment variables and the machine. */
export interface CloudEnvironment {
  /** The server's environment, as given to its entry point (never process.env read here). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The machine's DMI product name (`Google Compute Engine` on GCE VMs and GKE nodes); undefined when unknown. */
  readonly readProductName: () => Promise<string | undefined>;
}

/** Linux's DMI product name file, readable without privileges (also from most containers). */
export const DMI_PRODUCT_NAME_PATH = '/sys/class/dmi/id/product_name';

/** Variables Google's tools and runtimes set to name the project. */
const PROJECT_VARIABLES = ['GOOGLE_CLOUD_PROJECT', 'GCLOUD_PROJECT', 'GCP_PROJECT'] as const;

/** Longest time the DMI file may take to read before it counts as unknown. */
const DMI_READ_MS = 200;

/** Read DMI_PRODUCT_NAME_PATH; undefined when it is missing, unreadable or slow (not Linux, a locked-down container). */
export async function readDmiProductName(): Promise<string | undefined> {
  const read = readFile(DMI_PRODUCT_NAME_PATH, 'utf8').then(
    (text) => text.trim().slice(0, 200),
    () => undefined,
  );
  return settleWithin(read, DMI_READ_MS, () => undefined);
}

/**
 * Why the environment suggests Google Cloud, one phrase per hint; empty when nothing does. The hints,
 * each enough alone: GCE_METADATA_HOST is set (Google's client libraries read it); GOOGLE_CLOUD_PROJECT,
 * GCLOUD_PROJECT or GCP_PROJECT is set; Kubernetes (KUBERNETES_SERVICE_HOST) with a GKE node name
 * (NODE_NAME `gke-…`) or with DISABLE_GKE_METADATA=false set explicitly; the DMI product name contains
 * "Google". `cloud.metadataHost` from a file or SKIFF_ variable is not a hint. Never throws.
 */
export async function googleCloudHints(environment: CloudEnvironment): Promise<string[]> {
  const { env } = environment;
  const set = (name: string) => (env[name]?.trim() ?? '') !== '';
  const hints: string[] = [];
  if (set('GCE_METADATA_HOST')) hints.push('GCE_METADATA_HOST is set');
  for (const name of PROJECT_VARIABLES) if (set(name)) hints.push(`${name} is set`);
  if (set('KUBERNETES_SERVICE_HOST')) {
    if (env.NODE_NAME?.trim().startsWith('gke-')) hints.push('Kubernetes on a GKE node (NODE_NAME gke-…)');
    if (/^(false|0)$/i.test(env.DISABLE_GKE_METADATA?.trim() ?? '')) {
      hints.push('Kubernetes with DISABLE_GKE_METADATA=false');
    }
  }
  let productName: string | undefined;
  try {
    productName = await environment.readProductName();
  } catch {
    // An injected reader that fails is "unknown", like a missing DMI file: not a hint either way.
    productName = undefined;
  }
  if (productName?.includes('Google')) hints.push(`DMI product name is "${productName}"`);
  return hints;
}

/**
 * Writes `count` pipelines (`bench-pipeline-K`, named `bench-K`), one version each
 * (`bench-version-K`, holding `specText`) and `count` experiments (`bench-experiment-K`) straight
 * into a metadata store, created at `createdAtMs`: the catalog that seeded runs point at.
 */
export async function seedCatalog(store, count, specText, createdAtMs) {
  for (let k = 0; k < count; k++) {
    const at = { description: '', namespace: '', createdAtMs };
    await store.pipelines.create({
      id: `bench-pipeline-${k}`,
      name: `bench-${k}`,
      displayName: `Bench ${k}`,
      ...at,
    });
    await store.pipelineVersions.create({
      id: `bench-version-${k}`,
      pipelineId: `bench-pipeline-${k}`,
      name: `v${k}`,
      displayName: `v${k}`,
      specText,
      ...at,
    });
    await store.experiments.create({
      id: `bench-experiment-${k}`,
      displayName: `experiment ${k}`,
      storageState: 'AVAILABLE',
      lastRunCreatedAtMs: null,
      ...at,
    });
  }
}

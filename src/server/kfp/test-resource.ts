import { enumValues, type KfpListResource } from './list-resource.js';

/** A small resource for the list machinery's unit tests. */
export const THINGS: KfpListResource<'id' | 'name' | 'createdAtMs' | 'size' | 'state' | 'done'> = {
  name: 'things',
  fields: {
    thing_id: { field: 'id', kind: 'string' },
    name: { field: 'name', kind: 'string' },
    created_at: { field: 'createdAtMs', kind: 'timestamp' },
    size: { field: 'size', kind: 'int' },
    state: {
      field: 'state',
      kind: 'string',
      normalize: enumValues(['AVAILABLE', 'ARCHIVED'], 'STORAGESTATE_'),
    },
    done: { field: 'done', kind: 'bool' },
  },
  defaultSort: { field: 'createdAtMs', descending: true },
};

/** The SQL dialects the metadata store's migrations know; they differ only in how identity columns are declared. */
export type SqlDialectName = 'sqlite' | 'postgres';

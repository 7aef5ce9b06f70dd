import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

const MARK = '\u0000skiff-value:';

interface Template {
  readonly compiled: CompiledQuery;
  /** For each parameter of the compiled SQL, the name of the value it binds. */
  readonly names: readonly string[];
}

/**
 * Queries built once per shape and then run with new values. Kysely builds and compiles every
 * statement anew (about 50–75 µs), more than SQLite takes to run a small write; the store's
 * per-task writes have a handful of shapes, so each is compiled once with marker values and later
 * runs only bind parameters. The SQL is the dialect's own, so this holds for every database.
 */
export class QueryTemplates {
  readonly #templates = new Map<string, Template | null>();

  constructor(private readonly db: Kysely<unknown>) {}

  /**
   * Run the query `build` makes from `values`. `shape` must name everything that changes the SQL
   * text besides the values themselves (which columns are set, for instance). `on` runs it (a
   * transaction of the same database, for instance); the database the templates were made for by
   * default.
   */
  execute<V extends Record<string, unknown>>(
    shape: string,
    values: V,
    build: (values: V) => Compilable,
    on: Pick<Kysely<unknown>, 'executeQuery'> = this.db,
  ): Promise<QueryResult<unknown>> {
    let template = this.#templates.get(shape);
    if (template === undefined) {
      template = compileTemplate(values, build);
      this.#templates.set(shape, template);
    }
    // A shape whose values do not all become parameters is built every time.
    if (template === null) return on.executeQuery(build(values));
    const { compiled, names } = template;
    return on.executeQuery({
      query: compiled.query,
      queryId: compiled.queryId,
      sql: compiled.sql,
      parameters: names.map((name) => values[name]),
    });
  }
}

function compileTemplate<V extends Record<string, unknown>>(
  values: V,
  build: (values: V) => Compilable,
): Template | null {
  const marks: Record<string, string> = {};
  for (const name of Object.keys(values)) marks[name] = `${MARK}${name}`;
  const compiled = build(marks as V).compile();
  const names: string[] = [];
  for (const parameter of compiled.parameters) {
    if (typeof parameter !== 'string' || !parameter.startsWith(MARK)) return null;
    names.push(parameter.slice(MARK.length));
  }
  // Every value must bind exactly where the builder put it (no value inlined into the SQL).
  if (new Set(names).size !== Object.keys(values).length) return null;
  return { compiled, names };
}

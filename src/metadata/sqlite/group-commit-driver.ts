import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult, SqliteDatabase } from 'kysely';

interface Job {
  readonly query: CompiledQuery;
  readonly resolve: (result: QueryResult<unknown>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A Kysely driver for one better-sqlite3 connection that commits concurrent callers' statements
 * together: statements queued in the same event-loop turn run in one transaction, and each caller's
 * promise settles only after that commit, so a resolved write is as durable as an autocommitted one.
 * A statement's failure fails only that caller. Kysely transactions get the connection to themselves.
 */
export class GroupCommitDriver implements Driver {
  readonly #raw: BetterSqlite3.Database;
  readonly #db: SqliteDatabase;
  #queue: Job[] = [];
  #flushScheduled = false;
  /** The connection inside a Kysely transaction, if one is open; batches wait for it. */
  #transactionOwner: DatabaseConnection | undefined;
  /** Transactions waiting for the connection; ownership is handed to the first when it frees up. */
  readonly #transactionWaiters: { readonly connection: DatabaseConnection; readonly start: () => void }[] =
    [];
  #destroyed = false;
  readonly #translate: (error: unknown) => unknown;

  /** `translate` turns a driver error into what callers see (e.g. a full disk into SKIFF_DISK_FULL). */
  constructor(
    raw: BetterSqlite3.Database,
    db: SqliteDatabase,
    translate: (error: unknown) => unknown = (error) => error,
  ) {
    this.#raw = raw;
    this.#db = db;
    this.#translate = translate;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery) =>
        this.#transactionOwner === connection
          ? Promise.resolve(this.#run(query) as QueryResult<R>)
          : (this.#enqueue(query) as Promise<QueryResult<R>>),
      streamQuery: () => {
        throw new Error('GroupCommitDriver does not stream queries');
      },
    };
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#transactionOwner === undefined && this.#queue.length === 0) {
      this.#transactionOwner = connection;
    } else {
      // Queued statements flush first (a flush is scheduled whenever the queue is not empty).
      await new Promise<void>((start) => this.#transactionWaiters.push({ connection, start }));
    }
    this.#command('begin');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    this.#endTransaction(connection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#endTransaction(connection, 'rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    // A transaction whose commit threw still owns the connection: give it back.
    if (this.#transactionOwner === connection) this.#endTransaction(connection, 'rollback');
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    this.#flush();
    for (const job of this.#queue.splice(0)) job.reject(new Error('the metadata store was closed'));
    this.#db.close();
  }

  #endTransaction(connection: DatabaseConnection, command: 'commit' | 'rollback'): void {
    if (this.#transactionOwner !== connection) return;
    try {
      if (this.#raw.inTransaction) this.#command(command);
    } finally {
      if (command === 'rollback' || !this.#raw.inTransaction) {
        this.#transactionOwner = undefined;
        this.#wakeNext();
      }
    }
  }

  #wakeNext(): void {
    const waiter = this.#transactionWaiters.shift();
    if (waiter === undefined) {
      if (this.#queue.length > 0) this.#scheduleFlush();
      return;
    }
    this.#transactionOwner = waiter.connection;
    waiter.start();
  }

  #enqueue(query: CompiledQuery): Promise<QueryResult<unknown>> {
    if (this.#destroyed) return Promise.reject(new Error('the metadata store is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ query, resolve, reject });
      this.#scheduleFlush();
    });
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // setImmediate lets every caller woken by the previous commit queue its next statement first.
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#transactionOwner !== undefined || this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 1 || !this.#runBatch(batch)) {
      for (const job of batch) this.#settle(job);
    }
    this.#wakeNext();
  }

  /** Runs `batch` in one transaction; false (nothing settled, nothing kept) if it must be retried one by one. */
  #runBatch(batch: readonly Job[]): boolean {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    try {
      this.#command('begin');
      for (const job of batch) {
        try {
          outcomes.push({ ok: true, value: this.#run(job.query) });
        } catch (error) {
          // A constraint error undoes only its statement; anything that ends the transaction voids the batch.
          if (!this.#raw.inTransaction) return false;
          outcomes.push({ ok: false, value: error });
        }
      }
      this.#command('commit');
    } catch {
      if (this.#raw.inTransaction) this.#command('rollback');
      return false;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value as QueryResult<unknown>);
      else job.reject(outcome.value);
    });
    return true;
  }

  #settle(job: Job): void {
    try {
      job.resolve(this.#run(job.query));
    } catch (error) {
      job.reject(error);
    }
  }

  #command(sql: 'begin' | 'commit' | 'rollback'): void {
    try {
      this.#db.prepare(sql).run([]);
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #run(query: CompiledQuery): QueryResult<unknown> {
    try {
      const statement = this.#db.prepare(query.sql);
      if (statement.reader) return { rows: statement.all(query.parameters) };
      const { changes, lastInsertRowid } = statement.run(query.parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } catch (error) {
      throw this.#translate(error);
    }
  }
}

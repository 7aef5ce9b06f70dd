/** One level of a graph's breadcrumb: the root, a sub-DAG, a loop. */
export interface TrailLevel<T> {
  readonly key: string;
  readonly label: string;
  readonly level: T;
}

/** The breadcrumb of the graph's levels: every level above the shown one goes back up on click. */
export function LevelTrail<T>({
  levels,
  onLevel,
}: {
  readonly levels: readonly TrailLevel<T>[];
  readonly onLevel: (level: T) => void;
}) {
  return (
    <nav className="breadcrumb graph-trail" aria-label="Graph levels">
      {levels.map((entry, index) => (
        <span key={entry.key}>
          {index === levels.length - 1 ? (
            <strong aria-current="location">{entry.label}</strong>
          ) : (
            <button type="button" className="link-button" onClick={() => onLevel(entry.level)}>
              {entry.label}
            </button>
          )}
          {index < levels.length - 1 && ' ›'}
        </span>
      ))}
    </nav>
  );
}

import { componentInterface, type IoDefinition, specTasksAt } from '../../api/pipeline-spec';
import { Empty } from '../../design/Loading';

/** The side panel of a node of the static graph: its component's inputs and outputs with their types. */
export function NodePanel({
  spec,
  path,
  onClose,
}: {
  readonly spec: unknown;
  readonly path: string;
  readonly onClose: () => void;
}) {
  const names = path.split('.');
  const task = specTasksAt(spec, names.slice(0, -1))?.find((t) => t.name === names.at(-1));
  if (task === undefined) return null;
  const io = componentInterface(spec, task.componentName);
  return (
    <aside className="task-panel card" aria-label={`Task ${task.name}`}>
      <div className="task-panel-head">
        <h2>{task.name}</h2>
        <button type="button" className="btn btn-small" aria-label="Close the task panel" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="kv">
        <dt>Component</dt>
        <dd className="mono">{task.componentName}</dd>
        <dt>Kind</dt>
        <dd>{task.kind}</dd>
        {task.condition !== undefined && (
          <>
            <dt>Runs if</dt>
            <dd className="mono">{task.condition}</dd>
          </>
        )}
        {task.upstream.length > 0 && (
          <>
            <dt>After</dt>
            <dd>{task.upstream.join(', ')}</dd>
          </>
        )}
      </dl>
      <IoTable title="Inputs" items={io.inputs} />
      <IoTable title="Outputs" items={io.outputs} />
    </aside>
  );
}

function IoTable({ title, items }: { readonly title: string; readonly items: readonly IoDefinition[] }) {
  return (
    <section aria-label={title}>
      <h3>{title}</h3>
      {items.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Default</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={`${item.kind}:${item.name}`}>
                <td>{item.name}</td>
                <td className="mono">
                  {item.type}
                  {item.optional ? ' (optional)' : ''}
                </td>
                <td className="mono">{'defaultValue' in item ? JSON.stringify(item.defaultValue) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

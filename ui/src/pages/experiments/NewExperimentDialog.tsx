import { type FormEvent, useState } from 'react';
import { createExperiment } from '../../api/experiments-api';
import { Dialog } from '../../design/Dialog';
import { ErrorBanner } from '../../design/ErrorBanner';

/** Create an experiment: name and description; the server's refusal shows in the dialog, the text kept. */
export function NewExperimentDialog({
  onClose,
  onCreated,
}: {
  readonly onClose: () => void;
  readonly onCreated: (experimentId: string) => void;
}) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await createExperiment(name.trim(), description);
      onCreated(created.experiment_id);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Dialog title="New experiment" onClose={onClose}>
      <form onSubmit={submit} className="field">
        <label className="label" htmlFor="experiment-name">
          Name
        </label>
        <input id="experiment-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
        <label className="label" htmlFor="experiment-description">
          Description
        </label>
        <textarea
          id="experiment-description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {error !== undefined && (
          <ErrorBanner error={error} title="The server did not create the experiment" />
        )}
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

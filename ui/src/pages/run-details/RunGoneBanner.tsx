/** Said in place of a run's actions once the run was deleted (while its page was open, or before). */
export function RunGoneBanner() {
  return (
    <div className="banner banner-warning" role="alert">
      <strong>This run was deleted</strong>
      <span>
        What is shown is its last known state. <a href="#/runs">Back to the runs list</a>
      </span>
    </div>
  );
}

// Shown instead of a working Sign in button when no account service is configured: exactly what to set.
interface Props {
  id: string;
  /** Plain text from the back end; may span several lines. */
  help: string | null;
}

export function SetupHelp({ id, help }: Props) {
  return (
    <section className="setup" id={id} aria-labelledby={`${id}-title`} data-testid="setup-help">
      <h2 className="setup-title" id={`${id}-title`}>
        Sign-in isn't set up yet
      </h2>
      {help ? (
        <>
          <p className="setup-text">Quire needs to know which account service to use:</p>
          <pre className="setup-code" tabIndex={0} aria-label="What to set">
            {help}
          </pre>
        </>
      ) : (
        <p className="setup-text">Quire needs to know which account service to use.</p>
      )}
      <p className="setup-hint">See “Sign-in setup” in the README.</p>
    </section>
  );
}

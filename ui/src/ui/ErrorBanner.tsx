// A visible error that says what happened and offers the next step as buttons.
export interface BannerAction {
  label: string;
  onClick(): void;
  /** A choice that can lose something; styled to stand apart. */
  danger?: boolean;
}

export interface Notice {
  message: string;
  actions: BannerAction[];
}

export function ErrorBanner({ notice }: { notice: Notice }) {
  return (
    <div className="error-banner" role="alert">
      <p className="error-text" data-testid="error-message">
        {notice.message}
      </p>
      {notice.actions.length > 0 && (
        <div className="error-actions">
          {notice.actions.map((action) => (
            <button
              key={action.label}
              type="button"
              className={action.danger ? "button button-danger-quiet" : "button"}
              onClick={action.onClick}
            >
              {action.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

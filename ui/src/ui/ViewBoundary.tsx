// Catches a view that fails to load or to draw, so the rest of the window (and the text in the
// editor) stays as it was; the view says so and can be tried again.
import { Component } from "react";
import type { ReactNode } from "react";
import { describeError, toAppError } from "../ipc/errors";

interface Props {
  /** "history", in "Quire couldn't show your history." */
  name: string;
  children: ReactNode;
}

interface State {
  error: unknown;
  failed: boolean;
}

export class ViewBoundary extends Component<Props, State> {
  override state: State = { error: null, failed: false };

  static getDerivedStateFromError(error: unknown): State {
    return { error, failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="view">
        <p className="view-error" role="alert" data-testid="error-message">
          Quire couldn't show your {this.props.name}. {describeError(toAppError(this.state.error))}{" "}
          <button type="button" className="link-button" onClick={() => this.setState({ error: null, failed: false })}>
            Try again
          </button>
        </p>
      </main>
    );
  }
}

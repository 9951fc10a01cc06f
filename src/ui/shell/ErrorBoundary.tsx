/**
 * A React error boundary around one view or panel: when the panel throws while rendering, it
 * shows what failed and why (the error message, as text) with a Retry button, and the rest of
 * the page keeps working. A new trace retries by itself.
 *
 * Test hook: `?__failView=<name>` in the page URL makes the boundary of that name fail (its
 * `FailureProbe` child throws while the flag is in the URL), so e2e tests can prove that one
 * failing panel does not blank the page (e2e/app-error-boundary.spec.ts). Names: the `name`
 * props given in Workspace.tsx, ViewTabs.tsx and App.tsx (graph, timeline, ladder, table,
 * transport, inspector, interactions, problems, workspace).
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useStore } from '../../store/store';
import './ErrorBoundary.css';

interface BoundaryProps {
  /** Short name of what is inside, for the message and the test hook. */
  name: string;
  /** What people call it: "Party graph", "Event table"... */
  title: string;
  /** A change retries (the trace was replaced). */
  resetKey?: unknown;
  children: ReactNode;
}

interface BoundaryState {
  error: Error | null;
}

/** Throws while `?__failView=<name>` is in the page URL (see the file comment). */
function FailureProbe({ name }: { name: string }): null {
  if (new URLSearchParams(window.location.search).get('__failView') === name) {
    throw new Error(`forced failure of the ${name} (?__failView=${name})`);
  }
  return null;
}

class Boundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`ixnscope: the ${this.props.title} failed`, error, info.componentStack);
  }

  override componentDidUpdate(prev: BoundaryProps): void {
    if (this.state.error && prev.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  private retry = (): void => this.setState({ error: null });

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) {
      return (
        <>
          <FailureProbe name={this.props.name} />
          {this.props.children}
        </>
      );
    }
    const message = error.message || error.name || 'unknown error';
    return (
      <div className="panel-failed" role="alert" data-testid={`failed-${this.props.name}`}>
        <div className="panel-failed-title">The {this.props.title} stopped working</div>
        <div className="panel-failed-message" title={message}>
          {message}
        </div>
        <div className="panel-failed-hint">The rest of the page still works. Retry, or open the trace again.</div>
        <button type="button" className="panel-failed-retry" onClick={this.retry}>
          Retry
        </button>
      </div>
    );
  }
}

/** An error boundary that also retries when a new trace replaces the one on screen. */
export function ErrorBoundary({ name, title, children }: { name: string; title: string; children: ReactNode }) {
  const traceVersion = useStore((s) => s.traceVersion);
  return (
    <Boundary name={name} title={title} resetKey={traceVersion}>
      {children}
    </Boundary>
  );
}

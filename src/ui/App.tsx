import { useDeferredValue } from 'react';
import { useStore } from '../store/store';
import { DropOverlay } from './shell/DropOverlay';
import { EmptyState } from './shell/EmptyState';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { FilePicker } from './shell/FilePicker';
import { Header } from './shell/Header';
import { LoadStatus } from './shell/LoadStatus';
import { usePermalink } from './shell/usePermalink';
import { Workspace } from './shell/Workspace';

/** The shell: header, load status, then the workspace once a trace is open (else how to open one). */
export function App() {
  usePermalink();
  // The workspace mounts in a deferred render, which React splits into short slices: mounting
  // every panel at once, as the first records of a big load arrive, was one long task.
  const hasTrace = useDeferredValue(useStore((s) => s.source !== null));
  return (
    <div className="app">
      <Header />
      <LoadStatus />
      {hasTrace ? (
        // Each panel has its own boundary; this one is the last resort (header and banners stay).
        <ErrorBoundary name="workspace" title="workspace">
          <Workspace />
        </ErrorBoundary>
      ) : (
        <EmptyState />
      )}
      <DropOverlay />
      <FilePicker />
    </div>
  );
}

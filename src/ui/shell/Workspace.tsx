import type { ReactNode } from 'react';
import { EventTable } from '../table/EventTable';
import { Inspector } from '../inspector/Inspector';
import { InteractionList } from '../interactions/InteractionList';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { Transport } from '../transport/Transport';
import { VIEW_TABS } from '../views';
import { ErrorBoundary } from './ErrorBoundary';
import { Splitter } from './Splitter';
import { usePanelSize } from './usePanelSize';
import { useStages } from './useStages';
import { ViewTabs } from './ViewTabs';

// The panels, made once: the workspace renders again for each of its stages and each splitter
// drag, and the panels' elements being the same objects, React skips them then.
const panel = (name: string, title: string, content: ReactNode) => (
  <ErrorBoundary name={name} title={title}>
    {content}
  </ErrorBoundary>
);
const INTERACTIONS = panel('interactions', 'interaction list', <InteractionList />);
const PROBLEMS = panel('problems', 'problems panel', <ProblemsPanel />);
const VIEWS = <ViewTabs />;
const TRANSPORT = panel('transport', 'transport bar', <Transport />);
const TABLE = panel('table', 'event table', <EventTable />);
const INSPECTOR = panel('inspector', 'inspector', <Inspector />);

/**
 * The main layout once a trace is open: interactions over problems on the left, views above the
 * transport and event table in the centre, the inspector on the right. Every panel scrolls
 * itself; the page never does. Splitters resize, and sizes are remembered. Each panel has an
 * error boundary: one that fails says why, with Retry, and the others keep working.
 */
export function Workspace() {
  const [left, setLeft] = usePanelSize('left', 380);
  const [right, setRight] = usePanelSize('right', 380);
  const [problems, setProblems] = usePanelSize('problems', 260);
  const [views, setViews] = usePanelSize('views', 300);
  const hasViews = VIEW_TABS.length > 0;
  // The panels mount one per frame, in the order a person looks at them (see `useStages`); each
  // grid cell keeps its size meanwhile, so nothing moves when its panel comes.
  const stage = useStages(5);
  return (
    <main
      className="workspace"
      style={{ gridTemplateColumns: `${left}px auto minmax(320px, 1fr) auto ${right}px` }}
    >
      <aside className="sidebar" style={{ gridTemplateRows: `minmax(120px, 1fr) auto ${problems}px` }}>
        {stage >= 2 ? INTERACTIONS : <div />}
        <Splitter axis="y" size={problems} onSize={setProblems} min={80} max={900} direction={-1} label="Resize the problems panel" />
        {stage >= 5 ? PROBLEMS : <div />}
      </aside>
      <Splitter axis="x" size={left} onSize={setLeft} min={220} max={720} label="Resize the sidebar" />
      <section className="center" style={{ gridTemplateRows: hasViews ? `${views}px auto auto minmax(0, 1fr)` : 'auto minmax(0, 1fr)' }}>
        {hasViews && (
          <>
            {stage >= 3 ? VIEWS : <div />}
            <Splitter axis="y" size={views} onSize={setViews} min={120} max={1200} label="Resize the views" />
          </>
        )}
        <div className="transport-area">{TRANSPORT}</div>
        <div className="table-area">
          {stage >= 1 && TABLE}
        </div>
      </section>
      <Splitter axis="x" size={right} onSize={setRight} min={260} max={900} direction={-1} label="Resize the inspector" />
      <aside className="inspector-area" aria-label="Inspector">
        {stage >= 4 && INSPECTOR}
      </aside>
    </main>
  );
}

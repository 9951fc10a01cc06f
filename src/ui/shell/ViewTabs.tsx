import { useState } from 'react';
import { VIEW_TABS } from '../views';
import { ErrorBoundary } from './ErrorBoundary';

/** The visual views (graph, timeline, ladder) as tabs; nothing at all while none is registered. */
export function ViewTabs() {
  const [active, setActive] = useState(VIEW_TABS[0]?.id ?? '');
  const tab = VIEW_TABS.find((t) => t.id === active) ?? VIEW_TABS[0];
  if (!tab) return null;
  const View = tab.Component;
  return (
    <section className="views" aria-label="Views">
      <div className="tabs" role="tablist">
        {VIEW_TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`view-tab-${t.id}`}
            aria-selected={t.id === tab.id}
            aria-controls="view-panel"
            className={`tab${t.id === tab.id ? ' is-active' : ''}`}
            onClick={() => setActive(t.id)}
          >
            {t.title}
          </button>
        ))}
      </div>
      <div className="view-panel" id="view-panel" role="tabpanel" aria-labelledby={`view-tab-${tab.id}`}>
        {/* Keyed by tab: a view that failed starts afresh when it is opened again. */}
        <ErrorBoundary key={tab.id} name={tab.id} title={`${tab.title} view`}>
          <View />
        </ErrorBoundary>
      </div>
    </section>
  );
}

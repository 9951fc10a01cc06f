// Placeholder shell: replaced by the real viewer. Keep the exported name `App` and an
// <h1> reading "ixnscope" (e2e/smoke.spec.ts looks for it).
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>ixnscope</h1>
        <span className="muted">Genesys SCXML interaction-event trace debugger</span>
      </header>
      <main className="app-main">
        <p className="muted">Open a trace to begin.</p>
      </main>
    </div>
  );
}

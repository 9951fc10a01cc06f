import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prepareNextLoad } from './store/store.ts';
import { App } from './ui/App.tsx';
import './ui/app.css';
import './ui/shell/benchHook.ts';

const root = document.getElementById('root');
if (!root) throw new Error('ixnscope: #root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The first load's worker starts and warms up while the page is idle.
prepareNextLoad();

/** The renderer's entry point (index.html loads it): the global styles, and the app mounted on #root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './app.css';

const root = document.getElementById('root');
if (root === null) {
  throw new Error('The page has no #root element.');
}
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

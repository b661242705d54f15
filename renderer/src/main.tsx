import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
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

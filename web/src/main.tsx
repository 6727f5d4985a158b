import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { dashboardRoot } from './app/dashboard-root';
import { createGatewayClient } from './graphql/client';
import { GatewayProvider } from './graphql/gateway-context';
import './styles/app.css';

/** The gateway serves GraphQL, queries and subscriptions alike, on the same origin as the dashboard. */
const GRAPHQL_PATH = '/graphql';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <GatewayProvider gateway={createGatewayClient(window.location, GRAPHQL_PATH)}>
      <BrowserRouter basename={dashboardRoot(import.meta.url)}>
        <App />
      </BrowserRouter>
    </GatewayProvider>
  </StrictMode>,
);

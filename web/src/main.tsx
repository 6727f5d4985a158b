import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App';
import { dashboardRoot } from './app/dashboard-root';
import { createApolloClient } from './graphql/client';
import './styles/app.css';

/** The gateway serves GraphQL on the same origin as the dashboard. */
const GRAPHQL_PATH = '/graphql';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <ApolloProvider client={createApolloClient(GRAPHQL_PATH)}>
      <BrowserRouter basename={dashboardRoot(import.meta.url)}>
        <App />
      </BrowserRouter>
    </ApolloProvider>
  </StrictMode>,
);

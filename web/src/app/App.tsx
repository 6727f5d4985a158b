import { Link, Route, Routes } from 'react-router';
import { LiveConnectionNotice } from '../components/LiveConnectionNotice';
import { DeploymentView } from '../views/deployment/DeploymentView';
import { EnvironmentView } from '../views/environment/EnvironmentView';
import { NotFoundView } from '../views/NotFoundView';
import { OverviewView } from '../views/overview/OverviewView';

/** The page frame and one route per view, each with its own URL for deep links. */
export function App() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="masthead">
        <Link className="masthead__title" to="/">
          AppConfig deployments
        </Link>
        <span className="masthead__note">every environment, live</span>
      </header>
      <main id="main" tabIndex={-1}>
        <LiveConnectionNotice />
        <Routes>
          <Route index element={<OverviewView />} />
          <Route path="applications/:applicationId/environments/:environmentId" element={<EnvironmentView />} />
          <Route path="applications/:applicationId/environments/:environmentId/deployments/:deploymentNumber" element={<DeploymentView />} />
          <Route path="*" element={<NotFoundView />} />
        </Routes>
      </main>
    </>
  );
}

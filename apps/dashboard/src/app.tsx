import { useEffect, useState } from 'react';
import {
  clearSession,
  homeRegion,
  loadSession,
  saveSession,
  type Session,
  SESSION_EXPIRED_EVENT,
} from './auth';
import { DEFAULT_REGION_CODE } from './config';
import { Layout } from './components/layout';
import { navigate, parseRoute, type Route } from './routes';
import { AlertDetailView } from './views/alert-detail';
import { AlertsView } from './views/alerts';
import { AuditView } from './views/audit';
import { FundView } from './views/fund';
import { FundsView } from './views/funds';
import { HouseholdView } from './views/household';
import { HouseholdsView } from './views/households';
import { IdleView } from './views/idle';
import { NotFoundView } from './views/not-found';
import { ProjectView } from './views/project';
import { ProjectsView } from './views/projects';
import { PublicRegionView, PublicVillageView } from './views/public';
import { RegionView } from './views/region';
import { SignIn } from './views/sign-in';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      setRoute(parseRoute(window.location.hash));
      window.scrollTo(0, 0);
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function SignedInView({ route, session }: { route: Route; session: Session }) {
  const home = homeRegion(session, DEFAULT_REGION_CODE);
  switch (route.name) {
    case 'home':
    case 'signin':
      return <RegionView code={home} />;
    case 'notFound':
      return <NotFoundView />;
    case 'region':
      return <RegionView key={route.code} code={route.code} asOf={route.asOf} />;
    case 'idle':
      return <IdleView code={route.code} session={session} />;
    case 'alerts':
      return <AlertsView session={session} status={route.status} rule={route.rule}
        cursor={route.cursor} />;
    case 'alert':
      return <AlertDetailView key={route.id} id={route.id} session={session} />;
    case 'audit':
      return <AuditView code={route.code} asOf={route.asOf} />;
    case 'households':
      return <HouseholdsView session={session} />;
    case 'household':
      return <HouseholdView key={route.id} id={route.id} session={session} />;
    case 'funds':
      return <FundsView filter={route.filter} session={session} />;
    case 'fund':
      return <FundView key={route.id} id={route.id} session={session} />;
    case 'projects':
      return <ProjectsView filter={route.filter} session={session} />;
    case 'project':
      return <ProjectView key={route.id} id={route.id} session={session} />;
    case 'publicRegion':
    case 'publicVillage':
      throw new Error('public pages are rendered before the session is consulted');
    default: {
      const unknownRoute: never = route;
      throw new Error(`no view for ${JSON.stringify(unknownRoute)}`);
    }
  }
}

/**
 * A page that needs a session shows the sign-in in its place, at its own address, so that
 * signing in (again, after the session expired) lands on the page that was asked for.
 */
export function App() {
  const route = useRoute();
  const [session, setSession] = useState(loadSession);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    const onExpired = () => {
      setSession(undefined);
      setExpired(true);
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, []);
  const signedIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    setExpired(false);
    if (route.name === 'signin') navigate({ name: 'region', code: homeRegion(next, DEFAULT_REGION_CODE) });
  };
  const signOut = () => {
    clearSession();
    setSession(undefined);
    setExpired(false);
    navigate({ name: 'signin' });
  };
  // A token that expired while the page was open counts as an expired session.
  const current = session && loadSession() ? session : undefined;
  const isPublic = route.name === 'publicRegion' || route.name === 'publicVillage';
  let view;
  if (route.name === 'publicRegion') view = <PublicRegionView code={route.code} />;
  else if (route.name === 'publicVillage') view = <PublicVillageView code={route.code} />;
  else if (!current) {
    view = <SignIn onSignedIn={signedIn} expired={expired || session !== undefined} />;
  } else view = <SignedInView route={route} session={current} />;
  return (
    <Layout session={isPublic ? loadSession() : current}
      homeRegion={current ? homeRegion(current, DEFAULT_REGION_CODE) : DEFAULT_REGION_CODE}
      onSignOut={signOut}>
      {view}
    </Layout>
  );
}

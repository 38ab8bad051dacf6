import { useEffect, useState } from 'react';
import { clearSession, homeRegion, loadSession, saveSession, type Session } from './auth';
import { DEFAULT_REGION_CODE } from './config';
import { Layout } from './components/layout';
import { navigate, parseRoute, type Route } from './routes';
import { AlertsView } from './views/alerts';
import { AuditView } from './views/audit';
import { HouseholdView } from './views/household';
import { IdleView } from './views/idle';
import { PublicRegionView, PublicVillageView } from './views/public';
import { RegionView } from './views/region';
import { SignIn } from './views/sign-in';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function View({ route, session, onSignedIn }: {
  route: Route;
  session: Session | undefined;
  onSignedIn: (session: Session) => void;
}) {
  // Public pages answer everyone; every other view needs a session.
  if (route.name === 'publicRegion') return <PublicRegionView code={route.code} />;
  if (route.name === 'publicVillage') return <PublicVillageView code={route.code} />;
  if (!session || route.name === 'signin') return <SignIn onSignedIn={onSignedIn} />;
  switch (route.name) {
    case 'home':
      return <RegionView code={homeRegion(session, DEFAULT_REGION_CODE)} />;
    case 'region':
      return <RegionView key={route.code} code={route.code} asOf={route.asOf} />;
    case 'idle':
      return <IdleView code={route.code} session={session} />;
    case 'alerts':
      return <AlertsView session={session} status={route.status} rule={route.rule} />;
    case 'audit':
      return <AuditView code={route.code} asOf={route.asOf} />;
    case 'household':
      return <HouseholdView id={route.id} />;
    default: {
      const unknownRoute: never = route;
      throw new Error(`no view for ${JSON.stringify(unknownRoute)}`);
    }
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState(loadSession);
  const signedIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    navigate({ name: 'region', code: homeRegion(next, DEFAULT_REGION_CODE) });
  };
  const signOut = () => {
    clearSession();
    setSession(undefined);
    navigate({ name: 'signin' });
  };
  // A 401 clears the stored token; the next render then shows the sign-in.
  const current = session && loadSession() ? session : undefined;
  return (
    <Layout
      session={current}
      homeRegion={current ? homeRegion(current, DEFAULT_REGION_CODE) : DEFAULT_REGION_CODE}
      onSignOut={signOut}
    >
      <View route={route} session={current} onSignedIn={signedIn} />
    </Layout>
  );
}

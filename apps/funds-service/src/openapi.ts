import { COMMAND_BODY_SCHEMAS as BODY } from '@sunshine/domain';
import { registerRoute } from '@sunshine/platform';
import { eventsQuery } from './funds/funds-query.controller';
import { registerMoneyRoutes } from './money/money-openapi';

/** Documents the funds service's routes in `/api/docs` with the schemas they parse with. */
export function registerFundsServiceRoutes(): void {
  const tags = ['funds-service'];
  const write = (path: string, summary: string, bodySchema: (typeof BODY)[keyof typeof BODY],
    role: 'finance' | 'registrar' | 'admin', method: 'post' | 'put' = 'post') =>
    registerRoute({ method, path, summary, bodySchema, roles: [role], tags });
  write('/api/regions/{code}', 'Define a region', BODY.DefineRegion, 'admin', 'put');
  write('/api/funds', 'Register a fund receipt', BODY.ReceiveFund, 'finance');
  write('/api/funds/{id}/allocations', 'Allocate to a village or project', BODY.AllocateFund,
    'finance');
  write('/api/funds/{id}/disbursements', 'Disburse against an allocation (202 ' +
    'pending_approval at or above APPROVAL_THRESHOLD_FEN)', BODY.DisburseFunds, 'finance');
  write('/api/funds/{id}/household-payments', 'Pay a household', BODY.PayHousehold, 'finance');
  write('/api/funds/{id}/returns', 'Return funds', BODY.ReturnFunds, 'finance');
  write('/api/households', 'Register a household', BODY.RegisterHousehold, 'registrar');
  write('/api/households/{id}/incomes', 'Record a household income', BODY.RecordHouseholdIncome,
    'registrar');
  write('/api/households/{id}/exit', 'Record an exit from poverty', BODY.ExitPoverty,
    'registrar');
  write('/api/households/{id}/return-to-poverty', 'Record a return to poverty',
    BODY.ReturnToPoverty, 'registrar');
  write('/api/households/{id}/deregister', 'Deregister a household', BODY.DeregisterHousehold,
    'registrar');
  write('/api/households/{id}/cross-check-hits', 'Record a cross-check hit',
    BODY.RecordCrossCheckHit, 'registrar');
  write('/api/helpers/{id}', 'Register a helper (帮扶责任人) or change the registration',
    BODY.RegisterHelper, 'registrar', 'put');
  write('/api/households/{id}/helper', 'Assign a helper to a household',
    BODY.AssignHouseholdHelper, 'registrar');
  write('/api/households/{id}/visits', 'Record a helper\'s visit (422 NOT_ASSIGNED if the helper '
    + 'is not assigned to the household)', BODY.RecordHouseholdVisit, 'registrar');
  const roles: ['finance', 'auditor'] = ['finance', 'auditor'];
  registerRoute({ method: 'get', path: '/api/funds/{id}', summary: 'A fund folded from its stream',
    roles, tags });
  registerRoute({ method: 'get', path: '/api/funds/{id}/events', summary: 'A fund\'s events, paged',
    querySchema: eventsQuery, roles, tags });
  registerMoneyRoutes();
}

import type { z } from 'zod';
import * as alert from './alert';
import * as fund from './fund';
import * as money from './money';
import * as helper from './helper';
import * as household from './household';
import * as project from './project';
import * as region from './region';
import * as report from './report';
import {
  alertStreamId,
  fundStreamId,
  householdStreamId,
  projectStreamId,
  regionStreamId,
  reportStreamId,
} from './events';
import { helperStreamId } from './people-events';

/** Every command, discriminated by `type`. */
export type DomainCommand =
  | fund.FundCommand
  | household.HouseholdCommand
  | project.ProjectCommand
  | alert.AlertCommand
  | region.RegionCommand
  | report.ReportCommand
  | helper.HelperCommand;

export type CommandType = DomainCommand['type'];
export type CommandData<T extends CommandType> = Extract<DomainCommand, { type: T }>['data'];

/**
 * The HTTP body of each command. The HTTP layer parses requests with these and the OpenAPI
 * generator documents them, so the two can never disagree.
 */
export const COMMAND_BODY_SCHEMAS = {
  ReceiveFund: fund.ReceiveFundBody,
  AllocateFund: fund.AllocateFundBody,
  DisburseFunds: fund.DisburseFundsBody,
  PayHousehold: fund.PayHouseholdBody,
  ReturnFunds: fund.ReturnFundsBody,
  SubmitPaymentBatch: money.PaymentBatchBody,
  RecordBankResults: money.BankResultsBody,
  RequestDisbursement: money.RequestDisbursementBody,
  ApproveDisbursement: money.ApproveDisbursementBody,
  RejectDisbursement: money.RejectDisbursementBody,
  RegisterHousehold: household.RegisterHouseholdBody,
  RecordHouseholdIncome: household.RecordHouseholdIncomeBody,
  ExitPoverty: household.ExitPovertyBody,
  ReturnToPoverty: household.ReturnToPovertyBody,
  DeregisterHousehold: household.DeregisterHouseholdBody,
  RecordCrossCheckHit: household.RecordCrossCheckHitBody,
  AssignHouseholdHelper: household.AssignHouseholdHelperBody,
  RecordHouseholdVisit: household.RecordHouseholdVisitBody,
  RegisterProject: project.RegisterProjectBody,
  AdvanceProjectStage: project.AdvanceProjectStageBody,
  RecordProjectIncome: project.RecordProjectIncomeBody,
  DistributeProjectIncome: project.DistributeProjectIncomeBody,
  SuspendProject: project.SuspendProjectBody,
  ResumeProject: project.ResumeProjectBody,
  CancelProject: project.CancelProjectBody,
  RegisterProjectAsset: project.RegisterProjectAssetBody,
  RaiseAlert: alert.RaiseAlertBody,
  AcknowledgeAlert: alert.AcknowledgeAlertBody,
  ResolveAlert: alert.ResolveAlertBody,
  AssignAlert: alert.AssignAlertBody,
  DefineRegion: region.DefineRegionBody,
  ReceivePublicReport: report.ReceivePublicReportBody,
  RegisterHelper: helper.RegisterHelperBody,
} as const satisfies Record<CommandType, z.ZodType>;

/** The complete data of each command: its body plus the path id and every generated id. */
export const COMMAND_DATA_SCHEMAS = {
  ReceiveFund: fund.ReceiveFundData,
  AllocateFund: fund.AllocateFundData,
  DisburseFunds: fund.DisburseFundsData,
  PayHousehold: fund.PayHouseholdData,
  ReturnFunds: fund.ReturnFundsData,
  SubmitPaymentBatch: money.SubmitPaymentBatchData,
  RecordBankResults: money.RecordBankResultsData,
  RequestDisbursement: money.RequestDisbursementData,
  ApproveDisbursement: money.ApproveDisbursementData,
  RejectDisbursement: money.RejectDisbursementData,
  RegisterHousehold: household.RegisterHouseholdData,
  RecordHouseholdIncome: household.RecordHouseholdIncomeData,
  ExitPoverty: household.ExitPovertyData,
  ReturnToPoverty: household.ReturnToPovertyData,
  DeregisterHousehold: household.DeregisterHouseholdData,
  RecordCrossCheckHit: household.RecordCrossCheckHitData,
  AssignHouseholdHelper: household.AssignHouseholdHelperData,
  RecordHouseholdVisit: household.RecordHouseholdVisitData,
  RegisterProject: project.RegisterProjectData,
  AdvanceProjectStage: project.AdvanceProjectStageData,
  RecordProjectIncome: project.RecordProjectIncomeData,
  DistributeProjectIncome: project.DistributeProjectIncomeData,
  SuspendProject: project.SuspendProjectData,
  ResumeProject: project.ResumeProjectData,
  CancelProject: project.CancelProjectData,
  RegisterProjectAsset: project.RegisterProjectAssetData,
  RaiseAlert: alert.RaiseAlertData,
  AcknowledgeAlert: alert.AcknowledgeAlertData,
  ResolveAlert: alert.ResolveAlertData,
  AssignAlert: alert.AssignAlertData,
  DefineRegion: region.DefineRegionData,
  ReceivePublicReport: report.ReceivePublicReportData,
  RegisterHelper: helper.RegisterHelperData,
} as const satisfies Record<CommandType, z.ZodType>;

/**
 * The field holding the id a write answers with (SPEC §7 `{"id", ...}`): the entity the
 * command creates, or the entity it addresses when it creates none. For the creating
 * commands this is also the body field that may be left out for the server to generate.
 */
export const COMMAND_ID_FIELDS = {
  ReceiveFund: 'fundId',
  AllocateFund: 'allocationId',
  DisburseFunds: 'disbursementId',
  PayHousehold: 'paymentId',
  ReturnFunds: 'returnId',
  SubmitPaymentBatch: 'batchId',
  RecordBankResults: 'batchId',
  RequestDisbursement: 'disbursementId',
  ApproveDisbursement: 'disbursementId',
  RejectDisbursement: 'disbursementId',
  RegisterHousehold: 'householdId',
  RecordHouseholdIncome: 'householdId',
  ExitPoverty: 'householdId',
  ReturnToPoverty: 'householdId',
  DeregisterHousehold: 'householdId',
  RecordCrossCheckHit: 'householdId',
  AssignHouseholdHelper: 'householdId',
  RecordHouseholdVisit: 'householdId',
  RegisterProject: 'projectId',
  AdvanceProjectStage: 'projectId',
  RecordProjectIncome: 'projectId',
  DistributeProjectIncome: 'projectId',
  SuspendProject: 'projectId',
  ResumeProject: 'projectId',
  CancelProject: 'projectId',
  RegisterProjectAsset: 'assetId',
  RaiseAlert: 'alertId',
  AcknowledgeAlert: 'alertId',
  ResolveAlert: 'alertId',
  AssignAlert: 'alertId',
  DefineRegion: 'code',
  ReceivePublicReport: 'reportId',
  RegisterHelper: 'helperId',
} as const satisfies { [T in CommandType]: keyof CommandData<T> & string };

/** The id a successful command answers with. */
export function commandEntityId(command: DomainCommand): string {
  const field = COMMAND_ID_FIELDS[command.type];
  const value: unknown = (command.data as Record<string, unknown>)[field];
  if (typeof value !== 'string') throw new Error(`${command.type} has no ${field}`);
  return value;
}

/** The stream a command is decided against and appended to. */
export function commandStreamId(command: DomainCommand): string {
  switch (command.type) {
    case 'ReceiveFund':
    case 'AllocateFund':
    case 'DisburseFunds':
    case 'PayHousehold':
    case 'ReturnFunds':
    case 'SubmitPaymentBatch':
    case 'RecordBankResults':
    case 'RequestDisbursement':
    case 'ApproveDisbursement':
    case 'RejectDisbursement':
      return fundStreamId(command.data.fundId);
    case 'RegisterHousehold':
    case 'RecordHouseholdIncome':
    case 'ExitPoverty':
    case 'ReturnToPoverty':
    case 'DeregisterHousehold':
    case 'RecordCrossCheckHit':
    case 'AssignHouseholdHelper':
    case 'RecordHouseholdVisit':
      return householdStreamId(command.data.householdId);
    case 'RegisterProject':
    case 'AdvanceProjectStage':
    case 'RecordProjectIncome':
    case 'DistributeProjectIncome':
    case 'SuspendProject':
    case 'ResumeProject':
    case 'CancelProject':
    case 'RegisterProjectAsset':
      return projectStreamId(command.data.projectId);
    case 'RaiseAlert':
    case 'AcknowledgeAlert':
    case 'ResolveAlert':
    case 'AssignAlert':
      return alertStreamId(command.data.alertId);
    case 'ReceivePublicReport':
      return reportStreamId(command.data.reportId);
    case 'DefineRegion':
      return regionStreamId(command.data.code);
    case 'RegisterHelper':
      return helperStreamId(command.data.helperId);
    default:
      return assertNever(command);
  }
}

/** Exhaustiveness check for switches over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

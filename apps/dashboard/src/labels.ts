/** Chinese names of the codes the API answers with. */

export const RULE_NAMES: Record<string, string> = {
  IDLE_ALLOCATION: '资金闲置（趴窝）',
  PAYMENT_TO_INELIGIBLE_HOUSEHOLD: '向非在册户支付',
  PAYMENT_OUTSIDE_TARGET_AREA: '跨村支付',
  DUPLICATE_PAYMENT: '重复支付',
  DISBURSEMENT_BEFORE_APPROVAL: '审批前拨付',
  OVER_STANDARD_PAYMENT: '超标准支付',
  SPLIT_PAYMENTS: '拆分支付',
  PROJECT_STALLED: '项目停滞',
  FALSE_EXIT: '虚假脱贫',
  CROSS_CHECK_HIT: '比对疑点',
  UNDISTRIBUTED_INCOME: '收益未分配',
  HIGH_RETENTION: '资金滞留率过高',
  PAYMENT_UNCONFIRMED: '发放未获银行回单',
  PUBLIC_REPORT: '群众举报',
  ALERT_OVERDUE: '督办超期',
  TAMPER_DETECTED: '数据被篡改',
  HOUSEHOLD_NOT_VISITED: '农户长期未走访',
  HOUSEHOLD_WITHOUT_HELPER: '农户无帮扶责任人',
  ASSET_NOT_REGISTERED: '扶贫资产未登记',
};

export const SEVERITY_NAMES: Record<string, string> = {
  critical: '严重',
  high: '高',
  medium: '中',
  low: '低',
};

export const STATUS_NAMES: Record<string, string> = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已办结',
};

export const RESOLUTION_NAMES: Record<string, string> = {
  confirmed: '属实',
  false_positive: '误报',
  rectified: '已整改',
};

export const LEVEL_NAMES: Record<string, string> = {
  province: '省',
  city: '市',
  county: '县',
  town: '乡镇',
  village: '村',
};

export const HOUSEHOLD_STATUS_NAMES: Record<string, string> = {
  in_poverty: '未脱贫',
  exited: '已脱贫',
  deregistered: '已注销',
};

export const STAGE_NAMES: Record<string, string> = {
  survey: '调研',
  feasibility: '论证',
  application: '申报',
  approval: '审批',
  tendering: '招标',
  construction: '建设',
  completion: '竣工',
  acceptance: '验收',
  income_distribution: '收益分配',
};

export const EVENT_NAMES: Record<string, string> = {
  FundReceived: '资金到位',
  FundAllocated: '资金下达',
  FundDisbursed: '资金拨付',
  HouseholdPaid: '发放到户',
  FundReturned: '资金退回',
  HouseholdRegistered: '建档立卡',
  HouseholdIncomeRecorded: '收入登记',
  HouseholdExitedPoverty: '脱贫',
  HouseholdReturnedToPoverty: '返贫',
  HouseholdDeregistered: '注销',
  CrossCheckHitRecorded: '比对疑点',
  ProjectRegistered: '项目立项',
  ProjectStageAdvanced: '项目推进',
  ProjectIncomeRecorded: '项目收益',
  ProjectIncomeDistributed: '收益分配',
  ProjectSuspended: '项目暂停',
  ProjectResumed: '项目恢复',
  ProjectCancelled: '项目取消',
};

export const SUBJECT_NAMES: Record<string, string> = {
  allocation: '资金分配',
  household: '农户',
  payment: '到户支付',
  disbursement: '拨付',
  project: '项目',
  payee: '收款方',
  region: '区域',
  fund: '资金',
  report: '举报',
  alert: '预警',
  stream: '事件流',
};

export const FUND_LEVEL_NAMES: Record<string, string> = {
  central: '中央',
  province: '省级',
  city: '市级',
  county: '县级',
};

export const MOVEMENT_NAMES: Record<string, string> = {
  receipt: '资金到位',
  disbursement: '拨付',
  payment: '发放到户',
  return: '退回',
  allocation: '下达',
};

export const HISTORY_TYPE_NAMES: Record<string, string> = {
  raised: '系统预警',
  AlertRaised: '系统预警',
  acknowledged: '确认',
  AlertAcknowledged: '确认',
  resolved: '办结',
  AlertResolved: '办结',
  AlertAssigned: '督办交办',
};

export const nameOf = (names: Record<string, string>, code: string): string => names[code] ?? code;

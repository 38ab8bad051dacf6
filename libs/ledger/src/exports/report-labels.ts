/** Chinese labels of the 专报 workbook: level names and the alert rules of SPEC §6. */

export const LEVEL_LABELS: Record<string, string> = {
  province: '省',
  city: '市',
  county: '县',
  town: '乡镇',
  village: '村',
};

export const RULE_LABELS: Record<string, string> = {
  IDLE_ALLOCATION: '资金闲置',
  PAYMENT_TO_INELIGIBLE_HOUSEHOLD: '向不符合条件农户发放',
  PAYMENT_OUTSIDE_TARGET_AREA: '跨村发放',
  DUPLICATE_PAYMENT: '重复发放',
  DISBURSEMENT_BEFORE_APPROVAL: '审批前拨付',
  OVER_STANDARD_PAYMENT: '超标准发放',
  SPLIT_PAYMENTS: '拆分支付',
  PROJECT_STALLED: '项目停滞',
  FALSE_EXIT: '虚假脱贫',
  CROSS_CHECK_HIT: '比对疑点',
  UNDISTRIBUTED_INCOME: '收益未分配',
  HIGH_RETENTION: '资金滞留率高',
};

export const SEVERITY_LABELS: Record<string, string> = {
  critical: '严重',
  high: '高',
  medium: '中',
  low: '低',
};

export const HOUSEHOLD_STATUS_LABELS: Record<string, string> = {
  in_poverty: '未脱贫',
  exited: '已脱贫',
  deregistered: '已注销',
};

export const PROJECT_STATUS_LABELS: Record<string, string> = {
  active: '正常',
  suspended: '暂停',
  cancelled: '已取消',
};

export function labelOf(labels: Record<string, string>, key: string): string {
  return labels[key] ?? key;
}

/**
 * What a failed request means to the person who made it, in Chinese. Every error code the
 * API answers with (SPEC §7, §11–§13) has a sentence here; the API's English message and
 * its row-level details are shown beneath it for whoever has to follow it up.
 */

export const ERROR_MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: '提交的内容不符合要求，请按提示修改后重试。',
  BAD_REQUEST: '请求格式有误，请检查后重试。',
  UNAUTHORIZED: '登录已过期或未登录，请重新登录。',
  FORBIDDEN: '您的角色或管辖区域无权进行此操作。',
  NOT_FOUND: '未找到该记录，请核对编号。',
  ALREADY_EXISTS: '该编号已存在，请换一个编号或查看已有记录。',
  CONFLICT: '操作与已有记录冲突，请刷新后重试。',
  CONCURRENCY_CONFLICT: '同一记录刚被他人修改，请刷新后重试。',
  IDEMPOTENCY_MISMATCH: '同一请求编号已用于不同内容，请重新提交。',
  INSUFFICIENT_FUNDS: '余额不足：金额超过可用余额（未下达余额或分配剩余额）。',
  INVALID_STAGE: '项目阶段不允许此操作：阶段须依次推进，验收后方可分配收益。',
  INVALID_STATE: '当前状态不允许此操作（例如已脱贫的农户不能再次脱贫）。',
  PAYLOAD_TOO_LARGE: '提交的内容过大，请分批提交。',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件或内容类型。',
  METHOD_NOT_ALLOWED: '不支持此操作。',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试。',
  UNAVAILABLE: '服务暂时不可用，请稍后重试。',
  INTERNAL: '服务器内部错误，请稍后重试；如持续出现请联系系统管理员。',
  SAME_USER: '审批须由另一名财政人员完成，申请人不能审批自己的申请。',
  NOT_ASSIGNED: '该帮扶责任人未被指派给此农户。',
  STREAM_TAMPERED: '数据校验失败：该记录的哈希链已被改动，已自动预警。',
  NETWORK: '网络连接失败，无法连接服务器，请检查网络后重试。',
  TIMEOUT: '服务器响应超时，请稍后重试。',
  BAD_RESPONSE: '服务器返回的数据格式无法识别，请刷新页面后重试。',
};

/** A failure as the views show it. */
export interface Problem {
  code: string;
  status?: number;
  /** The Chinese sentence for the code. */
  title: string;
  /** The API's own message, when it gave one. */
  message?: string;
  details: ProblemDetail[];
}

export interface ProblemDetail {
  /** The field the detail is about (`amountFen`, `payee.name`), when the API named one. */
  path?: string;
  /** The row of a batch it is about (first row = 1). */
  row?: number;
  code?: string;
  message: string;
}

const FALLBACK_TITLE = '操作失败，请稍后重试。';

export function titleOf(code: string, status?: number): string {
  const known = ERROR_MESSAGES[code];
  if (known) return known;
  if (status !== undefined && status >= 500) return ERROR_MESSAGES.INTERNAL as string;
  return FALLBACK_TITLE;
}

/** Field names of the API as people read them in a detail line. */
const FIELD_NAMES: Record<string, string> = {
  amountFen: '金额', budgetFen: '预算', perHouseholdCapFen: '每户上限', villageCode: '村代码',
  countyCode: '县代码', receivedOn: '到账日期', allocatedOn: '下达日期', paidOn: '支付日期',
  returnedOn: '退回日期', allocationId: '分配编号', householdId: '农户编号', fundId: '资金编号',
  headName: '户主姓名', idNumber: '身份证号', members: '人口', registeredOn: '登记日期',
  period: '收入期间', exitedOn: '脱贫日期', stage: '阶段', advancedOn: '推进日期',
  evidence: '佐证材料', earnedOn: '收益日期', distributedOn: '分配日期', shares: '分配明细',
  voucherNo: '凭证号', channel: '发放渠道', reason: '原因', name: '名称', category: '资金类别',
  department: '主管部门', level: '资金级次', fiscalYear: '年度', kind: '类别', payee: '收款方',
  note: '处理意见', resolution: '办结结论', target: '投向',
};

export function fieldName(path: string): string {
  return path
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `第${Number(part) + 1}项` : FIELD_NAMES[part] ?? part))
    .join(' › ');
}

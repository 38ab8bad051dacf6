/**
 * The `datapackage.json` of a region's Fiscal Data Package: three tabular resources
 * (receipts, allocations, payments) with one `amount` measure each, in yuan, and the
 * dimensions they share. Every resource names its date `date` and its money `amount`, so
 * the model maps the three alike.
 */

export interface FiscalField {
  name: string;
  title: string;
  type: 'string' | 'integer' | 'number' | 'date';
}

const field = (name: string, title: string, type: FiscalField['type'] = 'string') =>
  ({ name, title, type });

export const RECEIPT_FIELDS: FiscalField[] = [
  field('fund_id', '资金编号'),
  field('name', '资金名称'),
  field('category', '资金类别'),
  field('department', '主管部门'),
  field('level', '资金级次'),
  field('fiscal_year', '年度', 'integer'),
  field('county_code', '县代码'),
  field('date', '到账日期', 'date'),
  field('amount', '金额(元)', 'number'),
];

export const ALLOCATION_FIELDS: FiscalField[] = [
  field('fund_id', '资金编号'),
  field('allocation_id', '分配编号'),
  field('fiscal_year', '年度', 'integer'),
  field('category', '资金类别'),
  field('village_code', '村代码'),
  field('target_type', '分配对象类型'),
  field('target_id', '分配对象'),
  field('date', '分配日期', 'date'),
  field('amount', '金额(元)', 'number'),
];

export const PAYMENT_FIELDS: FiscalField[] = [
  field('payment_id', '支付编号'),
  field('kind', '支付类型'),
  field('fund_id', '资金编号'),
  field('allocation_id', '分配编号'),
  field('fiscal_year', '年度', 'integer'),
  field('category', '资金类别'),
  field('village_code', '村代码'),
  field('payee_type', '收款方类型'),
  field('payee', '收款方(农户姓名已脱敏)'),
  field('date', '支付日期', 'date'),
  field('amount', '金额(元)', 'number'),
];

export const FISCAL_RESOURCES = [
  { name: 'receipts', fields: RECEIPT_FIELDS, primaryKey: ['fund_id'] },
  { name: 'allocations', fields: ALLOCATION_FIELDS, primaryKey: ['fund_id', 'allocation_id'] },
  { name: 'payments', fields: PAYMENT_FIELDS, primaryKey: ['fund_id', 'kind', 'payment_id'] },
] as const;

export interface FiscalPackageHead {
  regionCode: string;
  regionName: string | null;
  fiscalYear?: number;
  /** When the package was made, ISO 8601. */
  created: string;
}

const measure = (resource: string, direction: string, phase: string) =>
  ({ source: 'amount', resource, currency: 'CNY', direction, phase });

/** A dimension whose attributes are columns of the same name in the resources that have it. */
const dimension = (dimensionType: string, names: string[], extra: Record<string, string> = {}) => ({
  dimensionType,
  attributes: Object.fromEntries(names.map((name) => [name, { source: name }])),
  primaryKey: names,
  ...extra,
});

export function fiscalDescriptor(head: FiscalPackageHead): Record<string, unknown> {
  const year = head.fiscalYear;
  const place = head.regionName ?? head.regionCode;
  return {
    profile: 'tabular-data-package',
    name: `sunshine-${head.regionCode}-${year ?? 'all-years'}`,
    title: `${place} 扶贫资金${year === undefined ? '' : ` ${year} 年度`}收支明细`,
    description:
      'Receipts, allocations and payments of poverty-alleviation funds. Amounts in yuan; ' +
      'household names masked, no household ids.',
    created: head.created,
    countryCode: 'CN',
    granularity: 'transactional',
    ...(year === undefined
      ? {}
      : { fiscalPeriod: { start: `${year}-01-01`, end: `${year}-12-31` } }),
    resources: FISCAL_RESOURCES.map((resource) => ({
      name: resource.name,
      path: `${resource.name}.csv`,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: { fields: resource.fields, primaryKey: [...resource.primaryKey] },
    })),
    model: {
      measures: {
        received: measure('receipts', 'revenue', 'executed'),
        allocated: measure('allocations', 'expenditure', 'approved'),
        paid: measure('payments', 'expenditure', 'executed'),
      },
      dimensions: {
        date: dimension('datetime', ['date']),
        fiscal_year: dimension('datetime', ['fiscal_year']),
        fund: dimension('classification', ['fund_id'], { classificationType: 'administrative' }),
        category: dimension('classification', ['category'], { classificationType: 'functional' }),
        village: dimension('location', ['village_code']),
        payee: dimension('entity', ['payee_type', 'payee']),
      },
    },
  };
}

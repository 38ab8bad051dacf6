/**
 * Fixed vocabularies of the synthetic county: 28 fund categories across 7 departments,
 * project kinds, place names, and the reasons written into events.
 */

/** How a fund of a category spends its money. */
export type FundKind = 'household' | 'project' | 'village';

export interface FundCategory {
  category: string;
  department: string;
  kind: FundKind;
  /** Monthly payment per enrolled household, for household funds. */
  monthlyFen?: number;
}

const cat = (
  department: string,
  category: string,
  kind: FundKind,
  monthlyFen?: number,
): FundCategory => (monthlyFen === undefined ? { category, department, kind } :
  { category, department, kind, monthlyFen });

export const FUND_CATEGORIES: readonly FundCategory[] = [
  cat('农业农村局', '产业发展资金', 'project'),
  cat('农业农村局', '农业生产补贴', 'household', 12_000),
  cat('农业农村局', '高标准农田建设', 'project'),
  cat('农业农村局', '农村人居环境整治', 'village'),
  cat('民政局', '最低生活保障金', 'household', 65_000),
  cat('民政局', '特困人员供养金', 'household', 80_000),
  cat('民政局', '临时救助金', 'household', 20_000),
  cat('民政局', '残疾人两项补贴', 'household', 9_000),
  cat('教育局', '雨露计划助学补助', 'household', 25_000),
  cat('教育局', '学前教育资助', 'household', 10_000),
  cat('教育局', '义务教育营养膳食补助', 'village'),
  cat('教育局', '农村校舍改造', 'project'),
  cat('人社局', '公益性岗位补贴', 'household', 50_000),
  cat('人社局', '就业技能培训补贴', 'village'),
  cat('人社局', '城乡居民养老保险补助', 'household', 15_000),
  cat('人社局', '扶贫车间奖补', 'project'),
  cat('住建局', '农村危房改造补助', 'household', 60_000),
  cat('住建局', '农村饮水安全工程', 'project'),
  cat('住建局', '村级综合服务设施', 'village'),
  cat('住建局', '农村污水治理', 'project'),
  cat('交通运输局', '农村公路建设', 'project'),
  cat('交通运输局', '村道养护', 'village'),
  cat('交通运输局', '危桥改造', 'project'),
  cat('交通运输局', '农村客运站点', 'village'),
  cat('乡村振兴局', '小额信贷贴息', 'household', 8_000),
  cat('乡村振兴局', '村集体经济发展', 'project'),
  cat('乡村振兴局', '光伏扶贫电站', 'project'),
  cat('乡村振兴局', '以工代赈', 'village'),
];

export const FUND_LEVEL_CYCLE = ['central', 'province', 'city', 'county'] as const;

export const PROJECT_KINDS = [
  '产业', '基础设施', '光伏', '扶贫车间', '农田水利', '道路', '饮水', '村集体经济',
] as const;

const COUNTY_NAMES: Record<string, string> = {
  '320803': '淮安区',
  '320804': '淮阴区',
  '320812': '清江浦区',
  '320813': '洪泽区',
  '320826': '涟水县',
  '320830': '盱眙县',
  '320831': '金湖县',
};

export function countyName(code: string): string {
  return COUNTY_NAMES[code] ?? `示范县${code}`;
}

const PLACE_FIRST = [
  '东', '西', '南', '北', '前', '后', '大', '小', '高', '新', '红', '黄', '石', '双', '三',
  '朱', '王', '张', '李', '陈', '杨', '唐', '徐', '马', '梁', '五', '八', '河', '湖', '桥',
] as const;
const PLACE_SECOND = [
  '庄', '集', '圩', '沟', '河', '桥', '湖', '港', '营', '店', '园', '塘', '滩', '埠', '岗',
] as const;

/** A place name unique for its index (the index is encoded in the characters chosen). */
export function placeName(index: number, suffix: string): string {
  const first = PLACE_FIRST[index % PLACE_FIRST.length] as string;
  const rest = Math.floor(index / PLACE_FIRST.length);
  const second = PLACE_SECOND[rest % PLACE_SECOND.length] as string;
  const round = Math.floor(rest / PLACE_SECOND.length);
  return `${first}${second}${round > 0 ? String(round + 1) : ''}${suffix}`;
}

export const CONTRACTOR_NAMES = [
  '宏达建筑工程有限公司', '恒信市政工程有限公司', '绿源农业科技有限公司', '华安水利工程有限公司',
  '鑫盛路桥工程有限公司', '苏淮光伏科技有限公司', '瑞丰建设集团有限公司', '金田农业开发有限公司',
] as const;

export const DEREGISTRATION_REASONS = ['户主死亡且无共同生活成员', '全户迁出', '识别不精准'];
export const RETURN_TO_POVERTY_REASONS = ['因病返贫', '因灾返贫', '因学返贫', '务工收入中断'];
export const PAYMENT_CHANNELS = ['一卡通', '银行转账', '社保卡'] as const;

export const CROSS_CHECK_DETAILS: Record<string, string> = {
  vehicle: '家庭成员名下登记小型汽车一辆',
  business: '家庭成员为在营企业法定代表人',
  housing: '家庭成员在城区购买商品房',
  civil_servant: '家庭成员为财政供养人员',
  tax: '家庭成员个人所得税年纳税额超标',
  social_security: '家庭成员在外地缴纳职工社会保险',
  other: '部门比对发现其他疑点',
};

import type { Rng } from './prng';

/** Chinese names and resident id numbers (GB 11643) for synthetic households. */

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡',
  '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹',
  '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏',
  '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
] as const;

const GIVEN_CHARS = [
  '建', '国', '华', '明', '军', '平', '文', '英', '秀', '兰', '桂', '芳', '玉', '红', '海',
  '永', '德', '春', '生', '林', '强', '志', '良', '珍', '霞', '洪', '金', '荣', '富', '贵',
  '宝', '成', '福', '伟', '勇', '刚', '丽', '萍', '凤', '梅', '云', '忠', '学', '新', '长',
  '发', '友', '庆', '祥', '淑', '美', '兴', '家', '双', '银', '树', '清', '光', '红', '卫',
] as const;

export function chineseName(rng: Rng): string {
  const surname = rng.pick(SURNAMES);
  const given = rng.chance(0.7)
    ? `${rng.pick(GIVEN_CHARS)}${rng.pick(GIVEN_CHARS)}`
    : rng.pick(GIVEN_CHARS);
  return `${surname}${given}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident id number. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected 17 digits, got ${first17}`);
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARS[sum % 11] as string;
}

export function isValidIdNumber(idNumber: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  return idCheckCharacter(idNumber.slice(0, 17)) === idNumber[17];
}

const BIRTH_YEAR_MIN = 1940;
const BIRTH_YEAR_SPAN = 62;

/**
 * An 18-character id number: the county's area code, a birth date, a sequence number
 * and the check character. `taken` keeps them unique within one generated county.
 */
export function residentIdNumber(rng: Rng, areaCode: string, taken: Set<string>): string {
  for (;;) {
    const year = BIRTH_YEAR_MIN + rng.int(0, BIRTH_YEAR_SPAN - 1);
    const month = rng.int(1, 12);
    const day = rng.int(1, 28);
    const sequence = rng.int(0, 999);
    const first17 =
      `${areaCode}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}` +
      String(sequence).padStart(3, '0');
    const idNumber = `${first17}${idCheckCharacter(first17)}`;
    if (!taken.has(idNumber)) {
      taken.add(idNumber);
      return idNumber;
    }
  }
}

/**
 * The region a caller without a county-or-smaller prefix (an administrator, a provincial
 * auditor, the public) starts in: the demo county the host seeds.
 */
export const DEFAULT_REGION_CODE = '320826';
